package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.provider.support.testing.Fixture;
import io.coditect.studio.provider.support.testing.RecordedRequest;
import io.coditect.studio.provider.support.testing.RecordingListener;
import io.coditect.studio.provider.support.testing.RecordingListener.Complete;
import io.coditect.studio.provider.support.testing.RecordingListener.Start;
import io.coditect.studio.provider.support.testing.RecordingListener.TextDelta;
import io.coditect.studio.provider.support.testing.ReplayServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The streaming call against the replay server, with a trivial vendor protocol: {@code start}
 * (data = model), {@code text}, {@code done}, {@code fail} (data = message, OVERLOADED) and
 * {@code boom} (the handler throws).
 */
public class HttpStreamerTest {

    private static final String KEY = "sk-test-key-0001";

    private ReplayServer server;
    private ExecutorService executor;
    private HealthTracker health;
    private HttpStreamer streamer;
    private ProviderSettings settings;

    /** The trivial protocol. */
    private static class TestHandler implements SseEventHandler {
        @Override
        public void onEvent(SseEvent event, StreamSink sink) {
            switch (event.event()) {
                case "start": sink.start(event.data()); break;
                case "text": sink.text(event.data()); break;
                case "done": sink.complete(StopReason.END_TURN); break;
                case "fail": sink.fail(sink.error(Kind.OVERLOADED, event.data())); break;
                case "boom": throw new IllegalStateException("handler bug");
                default: break;
            }
        }
    }

    @Before
    public void setUp() throws IOException {
        server = ReplayServer.start();
        executor = HttpStreamer.newExecutor("p");
        start(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    private void start(Timeouts timeouts) {
        settings = ProviderSettings.builder("p").baseUrl(server.baseUri().toString()).apiKey(Secret.of(KEY))
                .models("m|M|CHAT|1000|0|0").timeouts(timeouts).build();
        health = new HealthTracker(settings.configHealth());
        HttpClient client = HttpStreamer.newHttpClient(timeouts, executor);
        streamer = new HttpStreamer(settings, client, executor, health);
    }

    @After
    public void tearDown() {
        streamer.close();
        executor.shutdownNow();
        server.close();
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(settings.endpoint("/v1/stream")).header("x-api-key", KEY)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"q\":1}"))
                .build();
    }

    private RecordingListener stream(String fixture) throws InterruptedException {
        server.enqueue(Fixture.parse(fixture));
        RecordingListener listener = new RecordingListener();
        streamer.stream(request(), "m", listener, new TestHandler());
        listener.awaitEnd();
        listener.assertWellFormed();
        return listener;
    }

    @Test
    public void eventsArriveInOrderOnOneProviderThread() throws InterruptedException {
        RecordingListener listener = stream("HTTP 200\ncontent-type: text/event-stream\n\n"
                + "event: start\ndata: m-2024\n\n%flush\nevent: text\ndata: Hel\n\n: ping\n\n%delay 50\n"
                + "%eol crlf\nevent: text\ndata: lo\n\nevent: done\ndata: {}\n\n");
        assertEquals(List.of(new Start(new ResponseInfo("p", "m-2024", false)), new TextDelta("Hel"),
                new TextDelta("lo"), new Complete(StopReason.END_TURN)), listener.events());
        assertEquals(1, listener.threads().size());
        assertTrue(listener.threads().toString(), listener.threads().iterator().next().startsWith("studio-provider-p-"));
        RecordedRequest request = server.takeRequest();
        assertEquals("POST", request.method());
        assertEquals("/v1/stream", request.path());
        assertEquals(KEY, request.header("X-Api-Key"));
        assertEquals("{\"q\":1}", request.bodyText());
        assertEquals(Health.up(), health.health());
        assertEquals(0, streamer.activeStreams());
    }

    @Test
    public void httpErrorsEndTheStreamWithoutStart() throws InterruptedException {
        server.enqueue(Fixture.json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"Number of requests has exceeded your rate limit\"}}", "retry-after", "17",
                "request-id", "req_42"));
        RecordingListener listener = new RecordingListener();
        streamer.stream(request(), "m", listener, new TestHandler());
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(1, listener.events().size());
        ProviderException e = listener.error();
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(17), e.retryAfter().orElseThrow());
        assertEquals("p: HTTP 429 rate_limit_error: Number of requests has exceeded your rate limit (request-id req_42);"
                + " retry after 17 s", e.getMessage());
        assertEquals(Health.Status.DEGRADED, health.health().status());
    }

    @Test
    public void theHandlerMayReclassifyAnHttpError() throws InterruptedException {
        server.enqueue(Fixture.json(429, "{\"error\":{\"type\":\"exceeded_current_quota_error\","
                + "\"message\":\"Your account is suspended\"}}", "retry-after", "5"));
        RecordingListener listener = new RecordingListener();
        streamer.stream(request(), "m", listener, new TestHandler() {
            @Override
            public Kind httpErrorKind(int status, VendorError error, Kind standard) {
                assertEquals(Kind.RATE_LIMITED, standard);
                return status == 429 && error.type().equals("exceeded_current_quota_error") ? Kind.UNAUTHORIZED : standard;
            }
        });
        listener.awaitEnd();
        listener.assertWellFormed();
        ProviderException e = listener.error();
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals(Duration.ofSeconds(5), e.retryAfter().orElseThrow());
        assertEquals("p: HTTP 429 exceeded_current_quota_error: Your account is suspended; retry after 5 s", e.getMessage());
        assertEquals(Health.Status.DOWN, health.health().status());
    }

    @Test
    public void aFailingClassifierKeepsTheStandardKind() throws InterruptedException {
        server.enqueue(Fixture.json(503, "{\"error\":{\"type\":\"server_error\",\"message\":\"down\"}}"));
        RecordingListener listener = new RecordingListener();
        streamer.stream(request(), "m", listener, new TestHandler() {
            @Override
            public Kind httpErrorKind(int status, VendorError error, Kind standard) {
                throw new IllegalStateException("classifier bug");
            }
        });
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(Kind.UNAVAILABLE, listener.error().kind());
        assertEquals("p: HTTP 503 server_error: down", listener.error().getMessage());
    }

    @Test
    public void aRejectedKeyMakesTheProviderDownAndTheKeyNeverShows() throws InterruptedException {
        server.enqueue(Fixture.json(401, "{\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key "
                + KEY + "\"}}"));
        RecordingListener listener = new RecordingListener();
        streamer.stream(request(), "m", listener, new TestHandler());
        listener.awaitEnd();
        ProviderException e = listener.error();
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals("p: HTTP 401 authentication_error: invalid x-api-key ****", e.getMessage());
        assertEquals(Health.Status.DOWN, health.health().status());
        assertFalse(health.health().message().contains(KEY));
    }

    @Test
    public void aCutAfterOutputIsCutMidStream() throws InterruptedException {
        RecordingListener listener = stream("HTTP 200\n\nevent: start\ndata: m\n\nevent: text\ndata: partial\n\n"
                + "event: text\n%write data: never compl\n%cut\n");
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("(while streaming) the connection failed"));
        assertEquals("partial", listener.text());
    }

    @Test
    public void aCutBeforeOutputIsUnavailable() throws InterruptedException {
        RecordingListener listener = stream("HTTP 200\n\nevent: start\ndata: m\n\n%cut\n");
        assertEquals(Kind.UNAVAILABLE, listener.error().kind());
        assertTrue(listener.events().get(0) instanceof Start);
    }

    @Test
    public void anEndWithoutTheFinalEventIsAFailure() throws InterruptedException {
        RecordingListener listener = stream("HTTP 200\n\nevent: start\ndata: m\n\n");
        assertEquals(Kind.UNAVAILABLE, listener.error().kind());
        assertEquals("p: the response ended before the vendor's final event", listener.error().getMessage());
    }

    @Test
    public void vendorErrorEventsAndHandlerBugs() throws InterruptedException {
        assertEquals(Kind.OVERLOADED, stream("HTTP 200\n\nevent: fail\ndata: busy\n\n").error().kind());
        RecordingListener bug = stream("HTTP 200\n\nevent: text\ndata: a\n\nevent: boom\ndata: x\n\n");
        assertEquals(Kind.CUT_MID_STREAM, bug.error().kind());
        assertTrue(bug.error().getMessage(), bug.error().getMessage().contains("could not handle the vendor's 'boom' event"));
    }

    @Test
    public void slowFirstByteBeforeHeaders() throws InterruptedException {
        start(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10)));
        RecordingListener listener = stream("%delay 5000\nHTTP 200\n\nevent: done\ndata: x\n\n");
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals("p: POST " + server.baseUri() + "/v1/stream: no response from the vendor within 300 ms"
                + " (first-byte timeout)", e.getMessage());
        assertEquals(1, listener.events().size());
    }

    @Test
    public void slowFirstByteAfterHeaders() throws InterruptedException {
        start(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10)));
        RecordingListener listener = stream("HTTP 200\n\n%delay 5000\nevent: done\ndata: x\n\n");
        assertTrue(listener.error().getMessage(), listener.error().getMessage().contains("(first-byte timeout)"));
    }

    @Test
    public void idleTimeout() throws InterruptedException {
        start(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(300)));
        RecordingListener listener = stream("HTTP 200\n\nevent: start\ndata: m\n\n%delay 5000\nevent: done\ndata: x\n\n");
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage(), e.getMessage().endsWith("no data from the vendor for 300 ms (idle timeout): the stream stalled"));
    }

    @Test
    public void keepAlivesKeepAStreamAlive() throws InterruptedException {
        // 4 s without events, but a keep-alive every second: the 3 s idle timeout must not fire
        start(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(3)));
        RecordingListener listener = stream("HTTP 200\n\nevent: start\ndata: m\n\n%delay 1000\n: ka\n\n%delay 1000\n"
                + ": ka\n\n%delay 1000\n: ka\n\n%delay 1000\nevent: done\ndata: x\n\n");
        assertEquals(StopReason.END_TURN, listener.reason());
    }

    @Test
    public void cancelMidStream() throws InterruptedException {
        server.enqueue(Fixture.parse("HTTP 200\n\nevent: start\ndata: m\n\nevent: text\ndata: a\n\n%keepalive 20\n"));
        CountDownLatch firstText = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().onEvent(e -> {
            if (e instanceof TextDelta) {
                firstText.countDown();
            }
        });
        StreamHandle handle = streamer.stream(request(), "m", listener, new TestHandler());
        assertTrue(firstText.await(30, TimeUnit.SECONDS));
        handle.cancel();
        handle.cancel();
        listener.awaitEnd();
        assertTrue("the server did not see the connection closed", server.awaitClientDisconnect(30, TimeUnit.SECONDS));
        handle.cancel();
        listener.assertWellFormed();
        assertEquals(StopReason.CANCELLED, listener.reason());
        assertFalse(listener.threads().contains(Thread.currentThread().getName()));
        assertEquals(Health.up(), health.health());
    }

    @Test
    public void cancelFromInsideTheListenerDoesNotReenterIt() throws InterruptedException {
        server.enqueue(Fixture.parse("HTTP 200\n\nevent: text\ndata: a\n\nevent: text\ndata: b\n\n%keepalive 20\n"));
        AtomicReference<StreamHandle> handle = new AtomicReference<>();
        CountDownLatch haveHandle = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().onEvent(e -> {
            if (e instanceof TextDelta) {
                try {
                    haveHandle.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                handle.get().cancel();
            }
        });
        handle.set(streamer.stream(request(), "m", listener, new TestHandler()));
        haveHandle.countDown();
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals("a", listener.text());
        assertEquals(StopReason.CANCELLED, listener.reason());
    }

    @Test
    public void cancelBeforeTheResponse() throws InterruptedException {
        server.enqueue(Fixture.parse("%delay 10000\nHTTP 200\n\nevent: done\ndata: x\n\n"));
        RecordingListener listener = new RecordingListener();
        StreamHandle handle = streamer.stream(request(), "m", listener, new TestHandler());
        server.takeRequest();
        handle.cancel();
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(List.of(new Complete(StopReason.CANCELLED)), listener.events());
    }

    @Test
    public void connectionRefused() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProviderSettings refused = ProviderSettings.builder("p").baseUrl("http://127.0.0.1:" + port)
                .apiKey(Secret.of(KEY)).models("m|M|CHAT|1|0|0").build();
        HttpStreamer s = new HttpStreamer(refused, HttpStreamer.newHttpClient(refused.timeouts(), executor), executor, null);
        RecordingListener listener = new RecordingListener();
        s.stream(HttpRequest.newBuilder(refused.endpoint("/x")).build(), "m", listener, new TestHandler());
        listener.awaitEnd();
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals("p: GET http://127.0.0.1:" + port + "/x could not connect (connection refused)", e.getMessage());
    }

    @Test
    public void closeEndsRunningStreamsAndLaterOnes() throws InterruptedException {
        server.enqueue(Fixture.parse("HTTP 200\n\nevent: start\ndata: m\n\n%keepalive 20\n"));
        CountDownLatch started = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().onEvent(e -> started.countDown());
        streamer.stream(request(), "m", listener, new TestHandler());
        assertTrue(started.await(30, TimeUnit.SECONDS));
        streamer.close();
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals("p: the provider was stopped", listener.error().getMessage());
        assertEquals(Kind.UNAVAILABLE, listener.error().kind());

        RecordingListener later = new RecordingListener();
        streamer.stream(request(), "m", later, new TestHandler());
        later.awaitEnd();
        later.assertWellFormed();
        assertEquals(List.of(new RecordingListener.Error(later.error())), later.events());
        assertEquals(Kind.UNAVAILABLE, later.error().kind());
    }

    @Test
    public void failDeliversOnAProviderThread() throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        streamer.fail("m", listener, new ProviderException(Kind.UNAUTHORIZED, "p", "p: no API key"));
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(Kind.UNAUTHORIZED, listener.error().kind());
        assertFalse(listener.threads().contains(Thread.currentThread().getName()));
    }
}
