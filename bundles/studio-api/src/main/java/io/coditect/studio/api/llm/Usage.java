package io.coditect.studio.api.llm;

/**
 * Tokens consumed by one request.
 *
 * @param inputTokens     prompt tokens billed
 * @param outputTokens    completion tokens billed
 * @param cachedInputTokens prompt tokens served from the vendor's cache (subset of input)
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
