package io.coditect.studio.provider.openai.compatible.internal;

import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.provider.support.chat.ChatCompletionsDialect;

/**
 * The standard Chat Completions behaviour with what varies between compatible servers made
 * configurable: whether a key is required (Ollama and llama.cpp need none), the max-tokens field
 * name, and whether to ask for usage. Everything else that servers do differently (no usage at all,
 * no {@code finish_reason} before {@code [DONE]}, {@code stop} after tool calls, tool-call fragments
 * without {@code index}) the shared stream mapping already tolerates.
 */
final class OpenAiCompatibleDialect extends ChatCompletionsDialect {

    private final boolean keyRequired;
    private final String maxTokensField;
    private final boolean includeUsage;

    /**
     * @throws IllegalArgumentException when {@code maxTokensField} is not a plain field name
     */
    OpenAiCompatibleDialect(boolean keyRequired, String maxTokensField, boolean includeUsage) {
        this.keyRequired = keyRequired;
        this.maxTokensField = fieldName("maxTokensField", maxTokensField);
        this.includeUsage = includeUsage;
    }

    @Override
    public boolean apiKeyRequired() {
        return keyRequired;
    }

    @Override
    public String maxTokensField(ModelInfo model) {
        return maxTokensField;
    }

    @Override
    public boolean requestUsage() {
        return includeUsage;
    }
}
