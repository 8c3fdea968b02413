package io.coditect.studio.provider.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the streaming HTTP calls of one provider instance: one {@link #stream} per
 * {@code LlmProvider.stream}, each on a thread of the executor the provider owns.
 *
 * <p>For every stream it guarantees the SPI's contract: {@code stream} returns at once; events are
 * delivered on one executor thread, in order, never concurrently; exactly one terminal event
 * ({@code onComplete} or {@code onError}) ends it, also after {@link StreamHandle#cancel()} and
 * {@link #close()}; a break after the first text or tool call is CUT_MID_STREAM, before it a
 * retryable kind. Specifically:
 * <ul>
 * <li><b>First-byte timeout</b>: no byte of the response body within
 * {@link Timeouts#firstByte()} of sending → UNAVAILABLE naming the timeout.</li>
 * <li><b>Idle timeout</b>: no bytes for {@link Timeouts#idle()} once the body started →
 * UNAVAILABLE naming the timeout. Keep-alive comments and pings count as bytes.</li>
 * <li><b>HTTP status</b> outside 2xx: the body (up to {@value #MAX_ERROR_BODY} bytes) is read and
 * mapped by {@link HttpErrors#fromResponse}; no {@code onStart} is sent.</li>
 * <li><b>Connection failures</b>: {@link HttpErrors#fromException}, UNAVAILABLE.</li>
 * <li><b>Cancel</b>: {@link StreamHandle#cancel()} only flags the stream, cancels the body
 * subscription (which closes the connection) or the pending request, and wakes the stream's
 * thread; it never calls the listener. The thread then delivers {@code onComplete(CANCELLED)}
 * unless the stream already ended, and no event of the vendor after that. An event being delivered
 * when {@code cancel()} is called finishes first.</li>
 * <li><b>Health</b>: each outcome goes to the {@link HealthTracker}.</li>
 * </ul>
 *
 * <p>The request is sent as built by the adapter; its headers (the API key) are never logged and
 * never part of an error message, and the key of the {@link ProviderSettings} is removed from every
 * failure message. The adapter builds the {@link HttpClient} with {@link #newHttpClient} and owns
 * the executor ({@link #newExecutor}): after {@link #close()} it shuts the executor down.
 */
public final class HttpStreamer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpStreamer.class);

    /** Bytes of an error response body that are read for the message. */
    public static final int MAX_ERROR_BODY = 64 * 1024;

    private final ProviderSettings settings;
    private final HttpClient client;
    private final ExecutorService executor;
    private final HealthTracker health;
    private final Clock clock;
    private final Set<HttpStreamCall> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param executor runs the streams (one thread each while it lasts), owned by the caller
     * @param health   receives each outcome; may be null
     */
    public HttpStreamer(ProviderSettings settings, HttpClient client, ExecutorService executor, HealthTracker health) {
        this(settings, client, executor, health, Clock.systemUTC());
    }

    HttpStreamer(ProviderSettings settings, HttpClient client, ExecutorService executor, HealthTracker health,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.health = health;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A client for one provider: HTTP/1.1 (each stream has its own connection, so cancelling one
     * closes exactly that connection), the connect timeout of {@code timeouts}, no redirects, the
     * system proxy settings, callbacks on {@code executor}.
     */
    public static HttpClient newHttpClient(Timeouts timeouts, Executor executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    }

    /** A cached pool of daemon threads named {@code studio-provider-<id>-<n>}. */
    public static ExecutorService newExecutor(String providerId) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "studio-provider-" + providerId + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends {@code request} and streams its {@code text/event-stream} response through
     * {@code handler} to {@code listener}. Returns at once.
     *
     * @param requestedModel the model asked for; {@code onStart} names it when the vendor does not
     */
    public StreamHandle stream(HttpRequest request, String requestedModel, ChatListener listener,
            SseEventHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        HttpStreamCall[] self = new HttpStreamCall[1];
        StreamSink sink = new StreamSink(settings.id(), requestedModel, listener, settings.apiKey(), s -> {
            active.remove(self[0]);
            record(s);
        });
        HttpStreamCall call = new HttpStreamCall(this, request, sink, handler);
        self[0] = call;
        active.add(call);
        if (closed) {
            call.abort(stopped());
        }
        try {
            executor.execute(call);
        } catch (RejectedExecutionException e) {
            // the provider is going away: end the stream on the calling thread
            call.rejected(stopped());
        }
        return call;
    }

    /**
     * A stream that fails at once with {@code error} (for example no API key): {@code onError} is
     * delivered on an executor thread, or on the calling thread when the executor is shut down.
     */
    public StreamHandle fail(String requestedModel, ChatListener listener, ProviderException error) {
        StreamSink sink = new StreamSink(settings.id(), requestedModel, listener, settings.apiKey(), this::record);
        Runnable deliver = () -> sink.fail(error);
        try {
            executor.execute(deliver);
        } catch (RejectedExecutionException e) {
            deliver.run();
        }
        return () -> { };
    }

    /** Streams still running. */
    public int activeStreams() {
        return active.size();
    }

    /**
     * Ends every running stream with {@code onError(UNAVAILABLE)} "provider stopped" (delivered on
     * their threads; waits up to 5 s for that) and fails later streams the same way. Does not shut
     * the executor down.
     */
    @Override
    public void close() {
        closed = true;
        List<HttpStreamCall> running = List.copyOf(active);
        for (HttpStreamCall call : running) {
            call.abort(stopped());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (HttpStreamCall call : running) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !call.awaitEnd(left)) {
                LOG.warn("{}: a stream did not end within 5 s of closing the provider", settings.id());
                break;
            }
        }
    }

    ProviderException stopped() {
        return new ProviderException(ProviderException.Kind.UNAVAILABLE, settings.id(), settings.id()
                + ": the provider was stopped");
    }

    ProviderSettings settings() {
        return settings;
    }

    HttpClient client() {
        return client;
    }

    Clock clock() {
        return clock;
    }

    /** Health and log of a stream's outcome; runs before its terminal event is delivered. */
    private void record(StreamSink sink) {
        ProviderException failure = sink.failure();
        if (failure != null) {
            if (failure.kind() == ProviderException.Kind.BAD_REQUEST) {
                LOG.info("{}", failure.getMessage());
            } else {
                LOG.warn("{} [{}]", failure.getMessage(), failure.kind());
            }
            if (health != null) {
                health.failure(failure);
            }
        } else if (sink.stopReason() != null && sink.stopReason() != StopReason.CANCELLED && health != null) {
            health.success();
        }
    }

    /** Waits for {@code latch}; true when it opened. */
    static boolean await(CountDownLatch latch, long nanos) {
        try {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
