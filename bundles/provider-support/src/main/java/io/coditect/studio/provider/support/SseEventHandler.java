package io.coditect.studio.provider.support;

/**
 * The vendor-specific part of a stream: turns the vendor's events into listener events. One
 * instance per stream (it may keep state, such as which content block is which tool call); the
 * {@link HttpStreamer} calls it on the stream's thread, one event at a time, only while the stream
 * has not ended.
 *
 * <p>Emit everything through the {@link StreamSink}; end the stream with
 * {@link StreamSink#complete} or {@link StreamSink#fail}. A {@link io.coditect.studio.api.llm.ProviderException}
 * thrown from {@link #onEvent} ends the stream with that error; any other runtime exception ends it
 * with UNAVAILABLE (or CUT_MID_STREAM after the answer started). Ignore event types you do not
 * know: vendors add new ones.
 */
public interface SseEventHandler {

    /** One event of the response body. */
    void onEvent(SseEvent event, StreamSink sink);

    /**
     * The body ended (after all its events were given to {@link #onEvent}) and the stream has not
     * ended yet. By default that is a failure: UNAVAILABLE, or CUT_MID_STREAM after the answer
     * started.
     */
    default void onEnd(StreamSink sink) {
        sink.fail(sink.error(io.coditect.studio.api.llm.ProviderException.Kind.UNAVAILABLE,
                "the response ended before the vendor's final event"));
    }
}
