package io.coditect.studio.api.llm;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One message of a conversation. */
public record ChatMessage(ChatRole role, List<ContentPart> content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(ChatRole.USER, List.of(new ContentPart.Text(text)));
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Text(text)));
    }

    /** The concatenated text parts. */
    public String text() {
        return content.stream().filter(ContentPart.Text.class::isInstance).map(p -> ((ContentPart.Text) p).text())
                .collect(Collectors.joining());
    }
}
