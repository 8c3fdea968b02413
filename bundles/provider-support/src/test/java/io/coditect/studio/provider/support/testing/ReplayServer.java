package io.coditect.studio.provider.support.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for a vendor's API: an HTTP server on 127.0.0.1 and a free port that answers
 * each request with the next queued {@link Fixture} (whatever the path) and records the requests
 * it received, so tests can check the wire format.
 *
 * <pre>
 * try (ReplayServer server = ReplayServer.start()) {
 *     server.enqueue(Fixture.resource("/fixtures/anthropic/text.sse"));
 *     // point the adapter at server.baseUri(), stream, then:
 *     RecordedRequest request = server.takeRequest();
 * }
 * </pre>
 *
 * A request without a queued fixture gets a 599 with a JSON error saying so. When writing to the
 * client fails (the client closed the connection, for example after a cancel), the server counts a
 * disconnect: see {@link #awaitClientDisconnect(long, TimeUnit)}.
 */
public final class ReplayServer implements AutoCloseable {

    /** Thrown inside the handler to drop the connection without ending the response. */
    private static final class CutConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CutConnection() {
            super("fixture %cut", null, false, false);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Fixture> fixtures = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<RecordedRequest> received = new LinkedBlockingQueue<>();
    private final List<RecordedRequest> all = new ArrayList<>();
    private final Semaphore disconnects = new Semaphore(0);
    private volatile boolean closed;

    private ReplayServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static ReplayServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "replay-server");
            t.setDaemon(true);
            return t;
        });
        ReplayServer replay = new ReplayServer(server, executor);
        server.createContext("/", replay::handle);
        server.setExecutor(executor);
        server.start();
        return replay;
    }

    /** {@code http://127.0.0.1:<port>}, without trailing slash. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues responses, answered in order to the next requests. */
    public ReplayServer enqueue(Fixture... responses) {
        fixtures.addAll(List.of(responses));
        return this;
    }

    /** The requests received so far, oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** The next request not taken yet; waits up to 10 s for it. */
    public RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the replay server received no request within 10 s");
        }
        return r;
    }

    /** Waits until the server sees a client close a connection it was still writing to. */
    public boolean awaitClientDisconnect(long timeout, TimeUnit unit) throws InterruptedException {
        return disconnects.tryAcquire(timeout, unit);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                Map.copyOf(headers), body);
        synchronized (all) {
            all.add(request);
        }
        received.add(request);
        Fixture fixture = fixtures.poll();
        if (fixture == null) {
            fixture = Fixture.json(599, "{\"type\":\"error\",\"error\":{\"type\":\"replay_error\",\"message\":"
                    + "\"replay server: no fixture queued for " + request.method() + " " + request.path() + "\"}}");
        }
        try {
            replay(exchange, fixture);
            exchange.close();
        } catch (CutConnection e) {
            throw e; // the server drops the connection
        } catch (IOException e) {
            disconnects.release();
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private void replay(HttpExchange exchange, Fixture fixture) throws IOException, InterruptedException {
        if (fixture.headerDelayMillis() > 0) {
            Thread.sleep(fixture.headerDelayMillis());
        }
        // one exchange per connection: a client must never reuse a connection this server may close
        // under it (a stale pooled connection failed a later test's request at random)
        exchange.getResponseHeaders().set("Connection", "close");
        fixture.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        if (fixture.plain()) {
            byte[] bytes = fixture.bodyText().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fixture.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            return;
        }
        exchange.sendResponseHeaders(fixture.status(), 0);
        OutputStream out = exchange.getResponseBody();
        for (Fixture.Step step : fixture.body()) {
            if (step instanceof Fixture.Write w) {
                out.write(w.bytes());
            } else if (step instanceof Fixture.Flush) {
                out.flush();
            } else if (step instanceof Fixture.Delay d) {
                Thread.sleep(d.millis());
            } else if (step instanceof Fixture.Cut) {
                out.flush();
                throw new CutConnection();
            } else if (step instanceof Fixture.KeepAlive k) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!closed && System.nanoTime() < end) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(k.intervalMillis());
                }
            }
        }
    }
}
