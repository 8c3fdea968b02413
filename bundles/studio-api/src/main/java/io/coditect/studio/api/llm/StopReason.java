package io.coditect.studio.api.llm;

/** Why a model stopped producing output. */
public enum StopReason {
    /** The model finished its answer. */
    END_TURN,
    /** The model wants the caller to run the tool calls it emitted. */
    TOOL_USE,
    /** The answer reached {@link ChatRequest#maxTokens()}. */
    MAX_TOKENS,
    /** A stop sequence matched. */
    STOP_SEQUENCE,
    /** The vendor refused to answer (safety filter). */
    REFUSAL,
    /** {@link StreamHandle#cancel()} was called. */
    CANCELLED
}
