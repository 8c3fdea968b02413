package io.coditect.studio.core.internal.routing;

import java.util.EnumSet;
import java.util.Set;

import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.routing.RoutedRequest;

/**
 * What a model needs to serve a request: the task's capability plus VISION for images and TOOLS
 * for tools (offered, or called earlier in the conversation), and room for the prompt and answer.
 *
 * <p>The prompt is estimated from its length, without a tokenizer: one token per three characters
 * (English prose averages four, code and other scripts fewer, so this errs towards a larger
 * window), four per message, 1,600 per image (the most the vendors charge for one).
 */
record Requirements(Set<Capability> capabilities, long estimatedInputTokens, int maxOutputTokens) {

    static final int CHARS_PER_TOKEN = 3;
    static final int TOKENS_PER_MESSAGE = 4;
    static final int TOKENS_PER_IMAGE = 1_600;

    static Requirements of(RoutedRequest request) {
        ChatRequest chat = request.chat();
        Set<Capability> caps = EnumSet.of(request.task().capability());
        long chars = chat.system().length();
        long tokens = 0;
        if (!chat.tools().isEmpty()) {
            caps.add(Capability.TOOLS);
            for (ToolDefinition t : chat.tools()) {
                chars += t.name().length() + t.description().length() + t.parametersSchema().length();
            }
        }
        for (ChatMessage m : chat.messages()) {
            tokens += TOKENS_PER_MESSAGE;
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.Text t) {
                    chars += t.text().length();
                } else if (p instanceof ContentPart.Image) {
                    caps.add(Capability.VISION);
                    tokens += TOKENS_PER_IMAGE;
                } else if (p instanceof ContentPart.ToolCall c) {
                    caps.add(Capability.TOOLS);
                    chars += c.toolName().length() + c.argumentsJson().length();
                } else if (p instanceof ContentPart.ToolResult r) {
                    caps.add(Capability.TOOLS);
                    chars += r.content().length();
                }
            }
        }
        tokens += (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        return new Requirements(caps, tokens, chat.maxTokens());
    }

    boolean hasAll(ModelInfo model) {
        return model.capabilities().containsAll(capabilities);
    }

    Set<Capability> missing(ModelInfo model) {
        Set<Capability> missing = EnumSet.copyOf(capabilities);
        missing.removeAll(model.capabilities());
        return missing;
    }

    boolean fits(ModelInfo model) {
        return estimatedInputTokens + maxOutputTokens <= model.contextWindow();
    }

    /** The request's tokens at most: the estimated prompt and a full {@code maxTokens} answer. */
    long estimatedTokens() {
        return estimatedInputTokens + maxOutputTokens;
    }

    /** The request's cost at most: the estimated prompt and a full {@code maxTokens} answer. */
    double costUsd(ModelInfo model) {
        return (estimatedInputTokens * model.inputPricePerMTok().doubleValue()
                + (double) maxOutputTokens * model.outputPricePerMTok().doubleValue()) / 1_000_000d;
    }
}
