package io.coditect.studio.api.chat;

/**
 * What a {@link SessionEvent} reports; the keys of its {@code data} are listed per type. Names are
 * stable (they are the SSE event names and the WebSocket {@code type}); new types may be added.
 */
public enum EventType {
    /** A participant's message: {@code text}. */
    USER_MESSAGE,
    /** The agent starts answering: {@code turnId}, {@code provider}, {@code model} once known. */
    TURN_STARTED,
    /** A piece of answer text: {@code text}. */
    TEXT_DELTA,
    /** The model calls a tool: {@code callId}, {@code tool}. */
    TOOL_CALL_STARTED,
    /** A fragment of the call's JSON arguments: {@code callId}, {@code delta}. */
    TOOL_CALL_DELTA,
    /** The tool's (bounded) output: {@code callId}, {@code output}, {@code error}, {@code truncated}. */
    TOOL_CALL_RESULT,
    /** A tool call waits for a person: {@code approvalId}, {@code callId}, {@code tool}, {@code reason}. */
    APPROVAL_REQUESTED,
    /** {@code approvalId}, {@code by}. */
    APPROVAL_GRANTED,
    /** {@code approvalId}, {@code by}, {@code reason}. */
    APPROVAL_DENIED,
    /** Tokens and cost so far: {@code inputTokens}, {@code outputTokens}, {@code costUsd}. */
    USAGE,
    /** The router moved to another model: {@code from}, {@code to}, {@code reason}. */
    PROVIDER_SWITCHED,
    /** {@code checkpointId}, {@code commitId}, {@code message}. */
    CHECKPOINT_CREATED,
    /** {@code message}, {@code retryable}. */
    ERROR,
    /** The turn ended: {@code reason} (completed, cancelled, step-limit, max-tokens, session-ended, failed). */
    DONE,
    /** Who is here: {@code user}, {@code state} (watching, typing, left). */
    PRESENCE,
    /**
     * Sent to one subscriber only, then its stream ends: it fell behind (or asked for events no
     * longer kept); {@code lastSeq} is the last event it got, {@code reason} why. Reload the
     * history and subscribe again.
     */
    RESYNC
}
