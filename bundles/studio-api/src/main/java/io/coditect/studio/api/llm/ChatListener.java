package io.coditect.studio.api.llm;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives the events of one streamed answer, in order. Implemented by the core; providers only
 * call it.
 */
@ProviderType
public interface ChatListener {

    /**
     * First event of a stream that got going: which provider and model answer, and whether it is
     * offline. A stream that fails before that gets only {@link #onError(ProviderException)}.
     */
    void onStart(ResponseInfo info);

    /** A piece of answer text. */
    void onTextDelta(String text);

    /** The model starts a tool call; {@code index} orders the calls of one answer. */
    void onToolCallStart(int index, String callId, String toolName);

    /** A fragment of the tool call's JSON arguments; fragments concatenate to the full JSON. */
    void onToolCallDelta(int index, String argumentsJsonFragment);

    /** The tool call's arguments are complete. */
    void onToolCallEnd(int index);

    /** Token usage so far; may be called more than once, the last call is final. */
    void onUsage(Usage usage);

    /** The stream ended normally. */
    void onComplete(StopReason reason);

    /** The stream failed; no further event follows. */
    void onError(ProviderException error);
}
