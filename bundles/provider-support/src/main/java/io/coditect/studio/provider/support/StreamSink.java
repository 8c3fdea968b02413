package io.coditect.studio.provider.support;

import java.util.Objects;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChatListener} of one stream, guarded so that the SPI's contract holds whatever the
 * vendor sends:
 * <ul>
 * <li>{@code onStart} comes first and once: output before {@link #start(String)} starts the stream
 * with the requested model;</li>
 * <li>exactly one terminal event ({@link #complete} or {@link #fail}); everything after it is
 * dropped;</li>
 * <li>a failure after output (text or tool call) was emitted becomes CUT_MID_STREAM, since the
 * partial answer cannot be resumed; before that its kind is kept (so the router may retry);</li>
 * <li>the provider's secret is removed from failure messages;</li>
 * <li>an exception thrown by the listener is logged and does not stop the stream.</li>
 * </ul>
 * Not thread-safe: the {@link HttpStreamer} calls it from the stream's thread only. Public so that
 * adapters can unit-test their {@link SseEventHandler} with it.
 */
public final class StreamSink {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSink.class);

    private final String providerId;
    private final String requestedModel;
    private final ChatListener listener;
    private final Secret secret;
    private final java.util.function.Consumer<StreamSink> beforeTerminal;

    private boolean started;
    private boolean outputEmitted;
    private volatile boolean ended;
    private StopReason stopReason;
    private ProviderException error;
    private int listenerFailures;

    /**
     * @param secret removed from failure messages; may be null
     */
    public StreamSink(String providerId, String requestedModel, ChatListener listener, Secret secret) {
        this(providerId, requestedModel, listener, secret, s -> { });
    }

    /** @param beforeTerminal runs once, after the outcome is set and before the terminal event is delivered */
    StreamSink(String providerId, String requestedModel, ChatListener listener, Secret secret,
            java.util.function.Consumer<StreamSink> beforeTerminal) {
        this.beforeTerminal = Objects.requireNonNull(beforeTerminal, "beforeTerminal");
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.requestedModel = Objects.requireNonNull(requestedModel, "requestedModel");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.secret = secret;
    }

    public String providerId() {
        return providerId;
    }

    /** A failure of this provider: the message gets the provider id as prefix. */
    public ProviderException error(ProviderException.Kind kind, String message) {
        return new ProviderException(kind, providerId, providerId + ": " + message);
    }

    /** {@code onStart} with the model that answers (the requested one when null or blank); once. */
    public void start(String model) {
        if (ended || started) {
            return;
        }
        started = true;
        String m = model == null || model.isBlank() ? requestedModel : model;
        deliver("onStart", () -> listener.onStart(new ResponseInfo(providerId, m, false)));
    }

    public void text(String text) {
        if (text == null || text.isEmpty() || !output()) {
            return;
        }
        deliver("onTextDelta", () -> listener.onTextDelta(text));
    }

    public void toolCallStart(int index, String callId, String toolName) {
        if (!output()) {
            return;
        }
        deliver("onToolCallStart", () -> listener.onToolCallStart(index, callId, toolName));
    }

    public void toolCallDelta(int index, String argumentsJsonFragment) {
        if (argumentsJsonFragment == null || argumentsJsonFragment.isEmpty() || !output()) {
            return;
        }
        deliver("onToolCallDelta", () -> listener.onToolCallDelta(index, argumentsJsonFragment));
    }

    public void toolCallEnd(int index) {
        if (!output()) {
            return;
        }
        deliver("onToolCallEnd", () -> listener.onToolCallEnd(index));
    }

    public void usage(Usage usage) {
        if (ended) {
            return;
        }
        start(null);
        deliver("onUsage", () -> listener.onUsage(usage));
    }

    /** Ends the stream normally, unless it already ended. */
    public void complete(StopReason reason) {
        if (ended) {
            return;
        }
        if (reason != StopReason.CANCELLED) {
            start(null);
        }
        ended = true;
        stopReason = Objects.requireNonNull(reason, "reason");
        runBeforeTerminal();
        deliver("onComplete", () -> listener.onComplete(reason));
    }

    /**
     * Ends the stream with {@code failure}, unless it already ended; after output it becomes
     * CUT_MID_STREAM (see the class comment).
     */
    public void fail(ProviderException failure) {
        if (ended) {
            return;
        }
        ProviderException e = redact(failure);
        if (outputEmitted && e.kind() != ProviderException.Kind.CUT_MID_STREAM) {
            e = new ProviderException(ProviderException.Kind.CUT_MID_STREAM, providerId,
                    e.getMessage() + " (the answer was cut after it had started; was " + e.kind() + ")", null, e);
        }
        ended = true;
        error = e;
        runBeforeTerminal();
        ProviderException delivered = e;
        deliver("onError", () -> listener.onError(delivered));
    }

    /** Whether the stream has ended (a terminal event was delivered). May be read from any thread. */
    public boolean ended() {
        return ended;
    }

    /** Whether text or a tool call was emitted. */
    public boolean outputEmitted() {
        return outputEmitted;
    }

    public boolean started() {
        return started;
    }

    /** The failure the stream ended with, or null. */
    ProviderException failure() {
        return error;
    }

    /** The reason the stream completed with, or null. */
    StopReason stopReason() {
        return stopReason;
    }

    private void runBeforeTerminal() {
        try {
            beforeTerminal.accept(this);
        } catch (RuntimeException e) {
            LOG.warn("{}: bookkeeping at the end of a stream failed", providerId, e);
        }
    }

    private boolean output() {
        if (ended) {
            return false;
        }
        start(null);
        outputEmitted = true;
        return true;
    }

    private ProviderException redact(ProviderException e) {
        String message = e.getMessage();
        String clean = Secret.redact(secret, message);
        if (clean == null || clean.equals(message)) {
            return e;
        }
        // the cause may carry the secret too: drop it
        return new ProviderException(e.kind(), e.providerId() == null ? providerId : e.providerId(), clean,
                e.retryAfter().orElse(null), null);
    }

    private void deliver(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (listenerFailures++ == 0) {
                LOG.warn("{}: the listener failed in {} (further failures of this stream are logged at debug level)",
                        providerId, what, e);
            } else {
                LOG.debug("{}: the listener failed in {}", providerId, what, e);
            }
        }
    }
}
