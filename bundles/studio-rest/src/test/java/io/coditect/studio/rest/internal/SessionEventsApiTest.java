package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.chat.Subscription;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.usage.UsageService;
import io.coditect.studio.core.internal.chat.EventHub;

/**
 * Server-Sent Events over real HTTP (CXF on Jetty) from the core's real event hub; who may watch is
 * the session service's business (tested in the core), so this hub knows one session of acme.
 */
public class SessionEventsApiTest {

    /** Guards against a hang only, not a speed check. */
    @Rule
    public final Timeout hangGuard = Timeout.seconds(60);

    static final ExecutorService DELIVERY = Executors.newFixedThreadPool(4);
    static final EventHub HUB = new EventHub(Clock.systemUTC(), DELIVERY, 100, 50);
    static final OpenStreams STREAMS = new OpenStreams();
    static Server server;
    static String base;

    static final SessionEvents EVENTS = new SessionEvents() {
        @Override
        public Subscription subscribe(Caller caller, String orgId, String sessionId, long afterSeq, EventSink sink) {
            if (!orgId.equals(caller.orgId()) || !sessionId.equals("s1")) {
                throw StoreException.notFound("session '" + sessionId + "' not found in organisation '" + orgId + "'");
            }
            return HUB.subscribe(sessionId, afterSeq, sink);
        }

        @Override
        public void presence(Caller caller, String orgId, String sessionId, String state) {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeClass
    public static void start() throws Exception {
        String root = ApiServerTest.freeRoot();
        base = root + "/v1";
        server = ApiServerFactory.start(BusFactory.getDefaultBus(), root, new ApiServices(ApiServerTest.PROVIDERS,
                ApiServerTest.STORAGE, ApiServerTest.SANDBOXES, ApiServerTest.ROUTER, ApiServerTest.TOKENS,
                ApiServerTest.unused(TenancyService.class), ApiServerTest.unused(ApiKeyService.class),
                ApiServerTest.unused(SsoLogin.class), ApiServerTest.unused(SigningKeys.class),
                ApiServerTest.unused(UsageService.class), caller -> { }, ApiServerTest.noSessions(), EVENTS,
                ApiServerTest.unused(ChatService.class)), STREAMS);
    }

    @AfterClass
    public static void stop() {
        server.destroy();
        DELIVERY.shutdownNow();
    }

    private static HttpResponse<InputStream> open(String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/orgs/acme/sessions/s1/events"))
                .header("Authorization", "Bearer dev-token");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return ApiServerTest.HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads SSE frames until {@code n} events came; returns their id and event lines. */
    static List<String> read(HttpResponse<InputStream> r, int n) throws Exception {
        return read(new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)), n);
    }

    static List<String> read(BufferedReader in, int n) throws Exception {
        List<String> frames = new ArrayList<>();
        StringBuilder frame = new StringBuilder();
        String line;
        while (frames.size() < n && (line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (frame.length() > 0 && frame.charAt(0) != ':') {
                    frames.add(frame.toString());
                }
                frame.setLength(0);
            } else {
                frame.append(frame.length() == 0 ? "" : "|").append(line.startsWith("data:") ? "data" : line);
            }
        }
        return frames;
    }

    @Test
    public void eventsStreamLiveAndAReconnectResumesAfterTheLastId() throws Exception {
        HttpResponse<InputStream> first = open(null);
        assertEquals(200, first.statusCode());
        assertEquals("text/event-stream", first.headers().firstValue("Content-Type").orElse(""));
        long before = HUB.lastSeq("s1");
        HUB.publish("s1", EventType.USER_MESSAGE, "dev", null, Map.of("text", "hi"));
        HUB.publish("s1", EventType.TEXT_DELTA, null, "t1", Map.of("text", "hello"));
        List<String> got = read(first, 2);
        assertEquals(List.of("id: " + (before + 1) + "|event: USER_MESSAGE|data",
                "id: " + (before + 2) + "|event: TEXT_DELTA|data"), got);
        first.body().close();

        HUB.publish("s1", EventType.DONE, null, "t1", Map.of("reason", "completed"));
        HttpResponse<InputStream> again = open(String.valueOf(before + 2));
        assertEquals(List.of("id: " + (before + 3) + "|event: DONE|data"), read(again, 1));
        again.body().close();
    }

    @Test
    public void badOrForeignRequestsGetProblems() throws Exception {
        HttpResponse<String> bad = ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/orgs/acme/sessions/s1/events")).header("Authorization", "Bearer dev-token")
                .header("Last-Event-ID", "yesterday").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("Last-Event-ID"));
        HttpResponse<String> other = ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/orgs/globex/sessions/s1/events")).header("Authorization", "Bearer dev-token").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
        HttpResponse<String> anonymous = ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/orgs/acme/sessions/s1/events")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    public void aRevokedCredentialEndsItsStreamsAtOnce() throws Exception {
        HttpResponse<InputStream> r = open(String.valueOf(HUB.lastSeq("s1")));
        assertEquals(200, r.statusCode());
        BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        assertEquals(": connected", in.readLine()); // the stream is registered before its first byte
        STREAMS.revoked("acme", "other-login");
        HUB.publish("s1", EventType.TEXT_DELTA, null, "t2", Map.of("text", "still here"));
        List<String> frames = read(in, 1);
        assertEquals(1, frames.size());
        assertTrue(frames.get(0), frames.get(0).contains("event: TEXT_DELTA"));
        STREAMS.revoked("acme", "s1"); // dev-token's login session
        List<String> end = read(in, 5);
        assertEquals(List.of("event: ERROR|data"), end); // and then the server closed the stream
    }
}
