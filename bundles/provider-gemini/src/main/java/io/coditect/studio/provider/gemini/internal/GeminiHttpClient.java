package io.coditect.studio.provider.gemini.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.coditect.studio.provider.support.HttpStreamer;

/**
 * The HTTP client of the provider: the one from {@link HttpStreamer#newHttpClient}, except that a
 * response with a status outside 2xx is read completely (up to {@value HttpStreamer#MAX_ERROR_BODY}
 * bytes) and adapted by {@link GeminiErrors#adapt} before provider-support sees its status, headers
 * and body. Successful responses pass through untouched, so streaming, timeouts and cancel behave
 * exactly as provider-support documents.
 *
 * <p><b>Workaround</b>: provider-support takes the retry delay from response headers only and maps
 * every 400 to BAD_REQUEST; Gemini puts the delay into the body ({@code RetryInfo}) and answers a
 * wrong key with 400. Once provider-support lets an adapter refine the failure of an error response,
 * this class goes away.
 */
final class GeminiHttpClient extends HttpClient {

    private final HttpClient delegate;

    GeminiHttpClient(HttpClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(request, adapting(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, adapting(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, adapting(handler), pushPromiseHandler);
    }

    static <T> HttpResponse.BodyHandler<T> adapting(HttpResponse.BodyHandler<T> handler) {
        return info -> info.statusCode() >= 200 && info.statusCode() <= 299 ? handler.apply(info)
                : new ErrorBody<>(info, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /**
     * Reads an error body, then hands the adapted response to the real handler's subscriber: one
     * piece with the whole body, then the end.
     */
    private static final class ErrorBody<T> implements HttpResponse.BodySubscriber<T> {

        private final HttpResponse.ResponseInfo info;
        private final HttpResponse.BodyHandler<T> handler;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private Flow.Subscription upstream;
        private boolean handedOver;

        ErrorBody(HttpResponse.ResponseInfo info, HttpResponse.BodyHandler<T> handler) {
            this.info = info;
            this.handler = handler;
        }

        @Override
        public CompletionStage<T> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (handedOver) {
                return;
            }
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), HttpStreamer.MAX_ERROR_BODY - bytes.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= HttpStreamer.MAX_ERROR_BODY) {
                upstream.cancel();
                handOver();
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (handedOver) {
                return;
            }
            handedOver = true;
            HttpResponse.BodySubscriber<T> target = handler.apply(info);
            link(target);
            target.onSubscribe(new Replay<>(target, null));
            target.onError(failure);
        }

        @Override
        public void onComplete() {
            if (!handedOver) {
                handOver();
            }
        }

        private void handOver() {
            handedOver = true;
            GeminiErrors.Adapted adapted = GeminiErrors.adapt(info, bytes.toByteArray());
            HttpResponse.BodySubscriber<T> target = handler.apply(adapted.info());
            link(target);
            target.onSubscribe(new Replay<>(target, adapted.body()));
        }

        private void link(HttpResponse.BodySubscriber<T> target) {
            target.getBody().whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        }
    }

    /** Gives the buffered body to a subscriber on its first request, then completes it. */
    private static final class Replay<T> implements Flow.Subscription {

        private final HttpResponse.BodySubscriber<T> target;
        private byte[] body;
        private boolean done;

        Replay(HttpResponse.BodySubscriber<T> target, byte[] body) {
            this.target = target;
            this.body = body;
            this.done = body == null; // onError follows
        }

        @Override
        public synchronized void request(long n) {
            if (done) {
                return;
            }
            done = true;
            if (n <= 0) {
                target.onError(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            byte[] b = body;
            body = null;
            if (b.length > 0) {
                target.onNext(List.of(ByteBuffer.wrap(b)));
            }
            target.onComplete();
        }

        @Override
        public synchronized void cancel() {
            done = true;
            body = null;
        }
    }
}
