package io.coditect.studio.core.internal.routing;

import java.util.ArrayList;
import java.util.List;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.RoutedRequest;

/**
 * The request a judge model gets for the merge of a fan-out: the original conversation, then one
 * user turn holding every successful answer, labelled with the model that wrote it.
 */
final class JudgePrompt {

    static final String SYSTEM = "You judge the answers several AI models gave to the conversation above. "
            + "Compare them for correctness, completeness and clarity, then write the single best answer "
            + "to the user's last message: keep what is right in each, drop what is wrong, resolve "
            + "contradictions. Answer the user directly; do not mention the models or this comparison.";

    private JudgePrompt() {
    }

    /** @throws IllegalArgumentException when no answer succeeded */
    static RoutedRequest of(RoutedRequest request, List<MoeAnswer> answers) {
        List<MoeAnswer> usable = answers.stream().filter(MoeAnswer::succeeded)
                .filter(a -> !a.text().isBlank()).toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: none of the " + answers.size()
                    + " answers completed with text");
        }
        StringBuilder turn = new StringBuilder("Answers to compare:\n");
        int n = 1;
        for (MoeAnswer a : usable) {
            String author = a.info() == null ? a.target().toString() : a.info().providerId() + "/" + a.info().model();
            turn.append("\n### Answer ").append(n++).append(" (").append(author).append(")\n\n")
                    .append(a.text().strip()).append('\n');
        }
        ChatRequest original = request.chat();
        List<ChatMessage> messages = new ArrayList<>(original.messages());
        messages.add(ChatMessage.user(turn.toString()));
        String system = original.system().isBlank() ? SYSTEM : original.system() + "\n\n" + SYSTEM;
        // the judge writes prose: tools of the original request are not offered to it
        ChatRequest judged = new ChatRequest(original.model(), system, messages, List.of(), original.maxTokens(),
                original.temperature());
        return request.withChat(judged).withRequestId(request.requestId() + "-merge");
    }
}
