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

    /**
     * The kind of an HTTP error response (a status outside 2xx), for vendors whose error types say
     * more than the status: a 429 that means "out of credit" rather than "slow down", for example.
     * Called on the stream's thread before the failure is delivered; the message, request id and
     * retry delay stay as {@link HttpErrors} built them.
     *
     * @param status   the HTTP status
     * @param error    the vendor's error type and message from the body (both may be empty)
     * @param standard the kind {@link HttpErrors#kindOf(int, VendorError)} gives
     * @return the kind to report; by default {@code standard}
     */
    default io.coditect.studio.api.llm.ProviderException.Kind httpErrorKind(int status, VendorError error,
            io.coditect.studio.api.llm.ProviderException.Kind standard) {
        return standard;
    }
}
