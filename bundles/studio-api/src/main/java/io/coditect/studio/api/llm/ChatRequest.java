package io.coditect.studio.api.llm;

import java.util.List;
import java.util.Objects;

/**
 * What to ask a model.
 *
 * @param model       the model id, one of {@link LlmProvider#models()}
 * @param system      system prompt, or empty
 * @param messages    the conversation, oldest first
 * @param tools       tools the model may call, or empty
 * @param maxTokens   upper bound of answer tokens
 * @param temperature sampling temperature, or null for the vendor's default
 */
public record ChatRequest(String model, String system, List<ChatMessage> messages, List<ToolDefinition> tools,
        int maxTokens, Double temperature) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        system = system == null ? "" : system;
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }

    public static ChatRequest of(String model, List<ChatMessage> messages) {
        return new ChatRequest(model, "", messages, List.of(), 1024, null);
    }
}
