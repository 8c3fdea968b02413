package io.coditect.studio.provider.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming call (see {@link HttpStreamer}).
 *
 * <p>Everything that happens to the call — response headers, body pieces, end of body, HTTP client
 * failures, cancel, abort — is put into one queue; the call's thread (from the provider's
 * executor) takes them in order, with the first-byte or idle timeout as the wait limit, and is the
 * only thread that calls the {@link StreamSink}. {@link #cancel()} and {@link #abort} only put a
 * marker and stop the transfer, so they never call the listener and never block.
 *
 * <p>The body is requested one piece at a time ({@code request(1)} after each piece is handled),
 * so the queue never holds more than one piece plus markers.
 */
final class HttpStreamCall implements StreamHandle, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpStreamCall.class);

    private static final Object CANCEL = new Object();
    private static final Object ABORT = new Object();
    private static final Object BODY_END = new Object();

    private record Headers(int status, HttpHeaders headers) {
    }

    private record Piece(List<ByteBuffer> buffers) {
    }

    private record Failure(Throwable error) {
    }

    private final HttpStreamer streamer;
    private final HttpRequest request;
    private final StreamSink sink;
    private final SseEventHandler handler;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch end = new CountDownLatch(1);

    private volatile boolean cancelRequested;
    private volatile ProviderException abortError;
    private volatile CompletableFuture<?> responseFuture;

    private final Object subscriptionLock = new Object();
    private Flow.Subscription subscription; // guarded by subscriptionLock
    private boolean transferStopped; // guarded by subscriptionLock

    HttpStreamCall(HttpStreamer streamer, HttpRequest request, StreamSink sink, SseEventHandler handler) {
        this.streamer = streamer;
        this.request = request;
        this.sink = sink;
        this.handler = handler;
    }

    @Override
    public void cancel() {
        if (cancelRequested) {
            return;
        }
        cancelRequested = true;
        queue.offer(CANCEL);
        stopTransfer();
    }

    /** Ends the stream with {@code error} (on the call's thread) unless it already ended. */
    void abort(ProviderException error) {
        if (abortError == null) {
            abortError = error;
        }
        queue.offer(ABORT);
        stopTransfer();
    }

    /** The executor refused to run the call: ends it with {@code error} on the calling thread. */
    void rejected(ProviderException error) {
        sink.fail(error);
        end.countDown();
    }

    boolean awaitEnd(long nanos) {
        return HttpStreamer.await(end, nanos);
    }

    @Override
    public void run() {
        try {
            if (!endedBeforeSending()) {
                send();
                loop();
            }
        } catch (InterruptedException e) {
            // the executor is being shut down
            sink.fail(abortError != null ? abortError : streamer.stopped());
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: internal error in the streaming call", sink.providerId(), e);
            sink.fail(sink.error(Kind.UNAVAILABLE, "internal error in the streaming call: " + e));
        } finally {
            stopTransfer();
            if (!sink.ended()) {
                sink.fail(sink.error(Kind.UNAVAILABLE, "internal error: the stream ended without an outcome"));
            }
            end.countDown();
        }
    }

    /** Delivers cancel or abort if one was requested before anything was sent; true if so. */
    private boolean endedBeforeSending() {
        if (cancelRequested) {
            sink.complete(StopReason.CANCELLED);
            return true;
        }
        if (abortError != null) {
            sink.fail(abortError);
            return true;
        }
        return false;
    }

    private void send() {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} {}", sink.providerId(), request.method(), withoutQuery(request.uri()));
        }
        CompletableFuture<HttpResponse<Void>> future = streamer.client().sendAsync(request, info -> {
            queue.offer(new Headers(info.statusCode(), info.headers()));
            return new QueueingSubscriber();
        });
        future.whenComplete((response, failure) -> {
            if (failure != null) {
                queue.offer(new Failure(failure));
            }
        });
        responseFuture = future;
        if (cancelRequested || abortError != null) {
            future.cancel(true);
        }
    }

    private void loop() throws InterruptedException {
        Timeouts timeouts = streamer.settings().timeouts();
        long deadline = System.nanoTime() + timeouts.firstByte().toNanos();
        boolean bodyStarted = false;
        Headers headers = null;
        ByteArrayOutputStream errorBody = null;
        ArrayDeque<SseEvent> events = new ArrayDeque<>();
        SseParser parser = new SseParser(events::add);
        while (!sink.ended()) {
            Object item = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (item == null) {
                sink.fail(timeout(bodyStarted, timeouts));
                return;
            }
            if (item == CANCEL || item == ABORT || item instanceof Failure) {
                if (cancelRequested) {
                    sink.complete(StopReason.CANCELLED);
                } else if (abortError != null) {
                    sink.fail(abortError);
                } else {
                    Throwable failure = ((Failure) item).error();
                    sink.fail(HttpErrors.fromException(sink.providerId(), describeRequest(bodyStarted), failure));
                }
                return;
            }
            if (item instanceof Headers h) {
                headers = h;
                if (h.status() < 200 || h.status() > 299) {
                    errorBody = new ByteArrayOutputStream();
                }
                continue;
            }
            if (item instanceof Piece piece) {
                bodyStarted = true;
                deadline = System.nanoTime() + timeouts.idle().toNanos();
                if (errorBody != null) {
                    for (ByteBuffer b : piece.buffers()) {
                        copy(b, errorBody);
                    }
                    if (errorBody.size() >= HttpStreamer.MAX_ERROR_BODY) {
                        stopTransfer();
                        failHttp(headers, errorBody);
                        return;
                    }
                } else {
                    for (ByteBuffer b : piece.buffers()) {
                        parser.feed(b);
                    }
                    if (!dispatch(events)) {
                        return;
                    }
                }
                requestMore();
                continue;
            }
            if (item == BODY_END) {
                if (errorBody != null) {
                    failHttp(headers, errorBody);
                    return;
                }
                parser.finish();
                if (dispatch(events) && !sink.ended()) {
                    handler.onEnd(sink);
                }
                return;
            }
        }
    }

    /** Gives the parsed events to the handler; false when the stream ended or must end. */
    private boolean dispatch(ArrayDeque<SseEvent> events) {
        SseEvent event;
        while ((event = events.poll()) != null) {
            if (sink.ended()) {
                return false;
            }
            if (cancelRequested) {
                sink.complete(StopReason.CANCELLED);
                return false;
            }
            if (abortError != null) {
                sink.fail(abortError);
                return false;
            }
            try {
                handler.onEvent(event, sink);
            } catch (ProviderException e) {
                sink.fail(e);
            } catch (RuntimeException e) {
                LOG.warn("{}: could not handle the vendor's '{}' event", sink.providerId(),
                        Texts.printable(event.event(), 60), e);
                sink.fail(sink.error(Kind.UNAVAILABLE, "could not handle the vendor's '"
                        + Texts.printable(event.event(), 60) + "' event: " + Texts.printable(e.toString(), 200)));
            }
        }
        return !sink.ended();
    }

    private void failHttp(Headers headers, ByteArrayOutputStream body) {
        sink.fail(HttpErrors.fromResponse(sink.providerId(), headers.status(), headers.headers(), body.toByteArray(),
                streamer.clock(), (status, error, standard) -> {
                    try {
                        return handler.httpErrorKind(status, error, standard);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: classifying an HTTP {} failed; using {}", sink.providerId(), status, standard, e);
                        return standard;
                    }
                }));
    }

    private ProviderException timeout(boolean bodyStarted, Timeouts timeouts) {
        stopTransfer();
        String message = bodyStarted
                ? "no data from the vendor for " + Timeouts.describe(timeouts.idle())
                        + " (idle timeout): the stream stalled"
                : "no response from the vendor within " + Timeouts.describe(timeouts.firstByte())
                        + " (first-byte timeout)";
        return sink.error(Kind.UNAVAILABLE, request.method() + " " + withoutQuery(request.uri()) + ": " + message);
    }

    private String describeRequest(boolean bodyStarted) {
        return request.method() + " " + withoutQuery(request.uri()) + (bodyStarted ? " (while streaming)" : "");
    }

    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static void copy(ByteBuffer b, ByteArrayOutputStream out) {
        int room = HttpStreamer.MAX_ERROR_BODY - out.size();
        int n = Math.min(room, b.remaining());
        byte[] bytes = new byte[n];
        b.get(bytes);
        out.write(bytes, 0, n);
    }

    private void requestMore() {
        synchronized (subscriptionLock) {
            if (!transferStopped && subscription != null) {
                subscription.request(1);
            }
        }
    }

    /** Cancels the body subscription (closing the connection) or the pending request; idempotent. */
    private void stopTransfer() {
        Flow.Subscription s;
        synchronized (subscriptionLock) {
            if (transferStopped) {
                return;
            }
            transferStopped = true;
            s = subscription;
            if (s != null) {
                s.cancel(); // serial with request(1), which is also called under the lock
            }
        }
        CompletableFuture<?> f = responseFuture;
        if (f != null && !f.isDone()) {
            f.cancel(true);
        }
    }

    /** Receives the body on the HTTP client's threads and queues it for the call's thread. */
    private final class QueueingSubscriber implements HttpResponse.BodySubscriber<Void> {

        @Override
        public CompletionStage<Void> getBody() {
            // complete at once, so that the response future completes with the headers
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (subscriptionLock) {
                if (transferStopped) {
                    s.cancel();
                    return;
                }
                subscription = s;
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            queue.offer(new Piece(item));
        }

        @Override
        public void onError(Throwable throwable) {
            queue.offer(new Failure(throwable));
        }

        @Override
        public void onComplete() {
            queue.offer(BODY_END);
        }
    }
}
