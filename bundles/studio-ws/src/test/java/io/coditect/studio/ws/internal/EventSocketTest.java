package io.coditect.studio.ws.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.coditect.studio.api.chat.ChatInput;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.chat.Subscription;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.core.internal.chat.EventHub;

/**
 * The socket end to end: Jetty 9.4 (the version Pax Web runs) with the servlet, the JDK's WebSocket
 * client, the core's real event hub behind SessionEvents and a fake Authenticator.
 */
public class EventSocketTest {

    /** Guards against a hang only, not a speed check. */
    @Rule
    public final Timeout hangGuard = Timeout.seconds(60);

    static final ExecutorService DELIVERY = Executors.newFixedThreadPool(4);
    static final EventHub HUB = new EventHub(Clock.systemUTC(), DELIVERY, 100, 50);
    static final AtomicInteger SESSIONS = new AtomicInteger();

    /** Tokens that work now, each with its credential id. */
    static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    static final Authenticator AUTH = new Authenticator() {
        @Override
        public Caller authenticate(String credential, String sourceAddress) {
            String id = credential == null ? null : TOKENS.get(credential);
            if (id == null) {
                throw new AuthenticationException(AuthenticationException.Reason.INVALID, "log in again");
            }
            return new Caller("acme", "u-" + id, Credential.PASSWORD, id, Role.ORG_ADMIN, Map.of(), Set.of(), false,
                    sourceAddress);
        }

        @Override
        public TokenPair login(String orgId, String email, char[] password, String sourceAddress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TokenPair refresh(String refreshToken, String sourceAddress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void logout(Caller caller) {
            throw new UnsupportedOperationException();
        }
    };

    /** Sessions of organisation acme, as the core's SessionEventsComponent checks them. */
    static final SessionEvents EVENTS = new SessionEvents() {
        @Override
        public Subscription subscribe(Caller caller, String orgId, String sessionId, long afterSeq, EventSink sink) {
            check(caller, orgId, sessionId);
            return HUB.subscribe(sessionId, afterSeq, sink);
        }

        @Override
        public long lastSeq(Caller caller, String orgId, String sessionId) {
            check(caller, orgId, sessionId);
            return HUB.lastSeq(sessionId);
        }

        @Override
        public void presence(Caller caller, String orgId, String sessionId, String state) {
            check(caller, orgId, sessionId);
            if (!Set.of("watching", "typing", "left").contains(state)) {
                throw StoreException.invalid("presence must be watching, typing or left, not '" + state + "'");
            }
            HUB.publish(sessionId, EventType.PRESENCE, caller.userId(), null,
                    Map.of("user", caller.userId(), "state", state));
        }

        private void check(Caller caller, String orgId, String sessionId) {
            if (!orgId.equals(caller.orgId()) || !"acme".equals(orgId)) {
                throw StoreException.notFound("session '" + sessionId + "' not found in organisation '" + orgId + "'");
            }
        }
    };

    /** A chat service that publishes what it is asked as the session's events, so clients see it. */
    static final ChatService CHAT = (ChatService) java.lang.reflect.Proxy.newProxyInstance(
            ChatService.class.getClassLoader(), new Class<?>[] {ChatService.class}, (proxy, method, args) -> {
                Caller caller = (Caller) args[0];
                String session = (String) args[2];
                switch (method.getName()) {
                    case "send" -> {
                        ChatInput input = (ChatInput) args[3];
                        if (input.text() == null || input.text().isBlank()) {
                            throw StoreException.invalid("the message is empty");
                        }
                        HUB.publish(session, EventType.USER_MESSAGE, caller.userId(), "t1", Map.of("text",
                                input.text(), "model", String.valueOf(input.model())));
                        return null;
                    }
                    case "cancel" -> {
                        HUB.publish(session, EventType.DONE, caller.userId(), (String) args[3], Map.of("reason",
                                "cancelled"));
                        return true;
                    }
                    case "decide" -> {
                        HUB.publish(session, (Boolean) args[4] ? EventType.APPROVAL_GRANTED : EventType.APPROVAL_DENIED,
                                caller.userId(), "t1", Map.of("approvalId", args[3], "reason", String.valueOf(args[5])));
                        return null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                }
            });

    static final OpenSockets SOCKETS = new OpenSockets(AUTH);
    static Server server;
    static String base;
    static int port;

    @BeforeClass
    public static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new EventSocketServlet(EVENTS, CHAT, AUTH, SOCKETS,
                OriginPolicy.of("https://studio.example.com"))), EventSocketEndpoint.PATH);
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
        base = "ws://127.0.0.1:" + port + "/ws";
        TOKENS.put("good-token", "c1");
    }

    @AfterClass
    public static void stop() throws Exception {
        SOCKETS.closeAll(1001, "test over");
        server.stop();
        DELIVERY.shutdownNow();
    }

    static String newSession() {
        return "s" + SESSIONS.incrementAndGet();
    }

    /** What one client received. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> closeReason = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws Exception {
            return EventSocket.JSON.readTree(messages.take());
        }

        /** The next event of the session's stream, skipping presence events of other tests' clients. */
        JsonNode nextOfType(String type) throws Exception {
            while (true) {
                JsonNode n = next();
                if (type.equals(n.path("type").asText())) {
                    return n;
                }
            }
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }
    }

    static WebSocket.Builder builder() {
        return HttpClient.newHttpClient().newWebSocketBuilder();
    }

    static Client open(WebSocket.Builder b, String query) {
        Client c = new Client();
        c.socket = b.buildAsync(URI.create(base + "?" + query), c).join();
        return c;
    }

    static Client open(String session, long after) {
        return open(builder().header("Authorization", "Bearer good-token"), "org=acme&session=" + session
                + "&after=" + after);
    }

    static int refusal(WebSocket.Builder b, String query) {
        try {
            b.buildAsync(URI.create(base + "?" + query), new Client()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
        fail("the handshake was accepted");
        return 0;
    }

    static void publish(String session, String text) {
        HUB.publish(session, EventType.TEXT_DELTA, null, "t1", Map.of("text", text));
    }

    @Test
    public void eventsArriveInOrderWithTheirSeq() throws Exception {
        String s = newSession();
        publish(s, "kept before the client came");
        Client c = open(s, 0);
        for (int i = 0; i < 20; i++) {
            publish(s, "delta " + i);
        }
        JsonNode first = c.next();
        assertEquals(1, first.path("seq").asLong());
        assertEquals("TEXT_DELTA", first.path("type").asText());
        assertEquals(s, first.path("sessionId").asText());
        assertEquals("kept before the client came", first.path("data").path("text").asText());
        assertTrue("an ISO-8601 instant, as the SSE stream sends it", first.path("at").isTextual());
        for (int i = 0; i < 20; i++) {
            JsonNode e = c.next();
            assertEquals(i + 2, e.path("seq").asLong());
            assertEquals("delta " + i, e.path("data").path("text").asText());
        }
        c.socket.sendClose(1000, "done").join();
    }

    @Test
    public void aReconnectWithAfterGetsOnlyTheMissedEvents() throws Exception {
        String s = newSession();
        Client c = open(s, 0);
        publish(s, "one");
        publish(s, "two");
        assertEquals(1, c.next().path("seq").asLong());
        assertEquals(2, c.next().path("seq").asLong());
        c.socket.sendClose(1000, "bye").join();
        assertEquals(1000, (int) c.closed.join());
        publish(s, "three");
        publish(s, "four");
        Client again = open(s, 2);
        publish(s, "five");
        JsonNode e3 = again.next();
        assertEquals(3, e3.path("seq").asLong());
        assertEquals("three", e3.path("data").path("text").asText());
        assertEquals(4, again.next().path("seq").asLong());
        assertEquals(5, again.next().path("seq").asLong());
        again.socket.sendClose(1000, "bye").join();
    }

    @Test
    public void presenceFromOneClientReachesAnother() throws Exception {
        String s = newSession();
        Client watcher = open(s, 0);
        Client typist = open(s, 0);
        typist.send("{\"type\":\"presence\",\"state\":\"typing\"}");
        JsonNode p = watcher.next();
        assertEquals("PRESENCE", p.path("type").asText());
        assertEquals("typing", p.path("data").path("state").asText());
        assertEquals("u-c1", p.path("data").path("user").asText());
        assertEquals(1, p.path("seq").asLong());
        watcher.socket.sendClose(1000, "bye").join();
        typist.socket.sendClose(1000, "bye").join();
    }

    @Test
    public void messagesCancelsAndApprovalsGoToTheChatServiceAsTheSocketsCaller() throws Exception {
        String s = newSession();
        Client c = open(s, 0);
        c.send("{\"type\":\"message\",\"text\":\"hello agent\",\"model\":\"anthropic/claude\"}");
        JsonNode said = c.next();
        assertEquals("USER_MESSAGE", said.path("type").asText());
        assertEquals("hello agent", said.path("data").path("text").asText());
        assertEquals("anthropic/claude", said.path("data").path("model").asText());
        assertEquals("u-c1", said.path("actor").asText());
        c.send("{\"type\":\"approval\",\"approvalId\":\"a1\",\"approve\":false,\"reason\":\"no\"}");
        assertEquals("APPROVAL_DENIED", c.next().path("type").asText());
        c.send("{\"type\":\"cancel\",\"turnId\":\"t1\"}");
        assertEquals("cancelled", c.next().path("data").path("reason").asText());
        c.send("{\"type\":\"message\",\"text\":\" \"}");
        JsonNode refused = c.next();
        assertEquals("ERROR", refused.path("type").asText());
        assertTrue(refused.toString(), refused.path("data").path("message").asText().contains("empty"));
        c.socket.sendClose(1000, "bye").join();
    }

    @Test
    public void pingPongAndUnknownMessagesAnswerWithoutDisconnecting() throws Exception {
        String s = newSession();
        Client c = open(s, 0);
        c.send("{\"type\":\"ping\"}");
        assertEquals("pong", c.next().path("type").asText());
        c.send("{\"type\":\"dance\"}");
        JsonNode error = c.next();
        assertEquals("ERROR", error.path("type").asText());
        assertEquals(0, error.path("seq").asLong());
        assertTrue(error.path("data").path("message").asText().contains("dance"));
        c.send("not json");
        assertEquals("ERROR", c.next().path("type").asText());
        c.send("{\"type\":\"presence\",\"state\":\"dancing\"}");
        JsonNode invalid = c.next();
        assertEquals("ERROR", invalid.path("type").asText());
        assertTrue(invalid.path("data").path("message").asText().contains("dancing"));
        c.send("{\"type\":\"ping\"}");
        assertEquals("still open after the errors", "pong", c.next().path("type").asText());
        assertFalse(c.closed.isDone());
        c.socket.sendClose(1000, "bye").join();
    }

    @Test
    public void theTokenMayComeAsASubprotocolAndOnlyBearerIsEchoed() throws Exception {
        String s = newSession();
        Client c = open(builder().subprotocols(EventSocketServlet.SUBPROTOCOL, "bearer.good-token"),
                "org=acme&session=" + s);
        assertEquals("bearer", c.socket.getSubprotocol());
        publish(s, "hello");
        assertEquals(1, c.next().path("seq").asLong());
        c.socket.sendClose(1000, "bye").join();
    }

    @Test
    public void compressionOfferedByABrowserIsDeclined() throws Exception {
        String s = newSession();
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(("GET /ws?org=acme&session=" + s + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer good-token\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line; (line = in.readLine()) != null && !line.isEmpty();) {
                head.append(line).append('\n');
            }
            assertTrue(head.toString(), head.toString().startsWith("HTTP/1.1 101"));
            assertFalse(head.toString(), head.toString().toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"));
        }
    }

    @Test
    public void aForeignOriginIsRefusedWith403BeforeTheUpgrade() {
        String s = newSession();
        assertEquals(403, refusal(builder().header("Origin", "https://evil.example.org")
                .header("Authorization", "Bearer good-token"), "org=acme&session=" + s));
        assertEquals(403, refusal(builder().header("Origin", "http://127.0.0.1:" + (port + 1))
                .header("Authorization", "Bearer good-token"), "org=acme&session=" + s));
    }

    @Test
    public void theSameOriginAndConfiguredOriginsAreAccepted() throws Exception {
        String s = newSession();
        Client same = open(builder().header("Origin", "http://127.0.0.1:" + port)
                .header("Authorization", "Bearer good-token"), "org=acme&session=" + s);
        Client configured = open(builder().header("Origin", "https://studio.example.com")
                .header("Authorization", "Bearer good-token"), "org=acme&session=" + s);
        publish(s, "both");
        assertEquals(1, same.next().path("seq").asLong());
        assertEquals(1, configured.next().path("seq").asLong());
        same.socket.sendClose(1000, "bye").join();
        configured.socket.sendClose(1000, "bye").join();
    }

    @Test
    public void withoutAWorkingTokenTheHandshakeIs401() {
        String s = newSession();
        assertEquals(401, refusal(builder(), "org=acme&session=" + s));
        assertEquals(401, refusal(builder().header("Authorization", "Bearer forged"), "org=acme&session=" + s));
        assertEquals(401, refusal(builder().subprotocols("bearer", "bearer.forged"), "org=acme&session=" + s));
    }

    @Test
    public void aTokenInTheUrlIsNeverTaken() {
        assertEquals(400, refusal(builder(), "org=acme&session=" + newSession() + "&token=good-token"));
        assertEquals(400, refusal(builder(), "org=acme&session=" + newSession() + "&access_token=good-token"));
    }

    @Test
    public void anotherOrganisationsSessionIs404() {
        assertEquals(404, refusal(builder().header("Authorization", "Bearer good-token"),
                "org=globex&session=" + newSession()));
    }

    @Test
    public void aRevokedCredentialClosesItsSocketsWith4001() throws Exception {
        TOKENS.put("other-token", "c2");
        String s = newSession();
        Client revoked = open(builder().header("Authorization", "Bearer other-token"), "org=acme&session=" + s);
        Client kept = open(s, 0);
        publish(s, "before");
        assertEquals(1, revoked.next().path("seq").asLong());
        assertEquals(1, kept.next().path("seq").asLong());
        TOKENS.remove("other-token");
        SOCKETS.revoked("acme", "c2");
        assertEquals(4001, (int) revoked.closed.join());
        assertTrue(revoked.closeReason.join().contains("revoked"));
        JsonNode error = revoked.next();
        assertEquals("ERROR", error.path("type").asText());
        publish(s, "after");
        assertEquals("the other credential's socket stays open", 2, kept.next().path("seq").asLong());
        assertFalse(kept.closed.isDone());
        kept.socket.sendClose(1000, "bye").join();
    }

    @Test
    public void anExpiredTokenClosesItsSocketAtTheNextCheck() throws Exception {
        TOKENS.put("short-token", "c3");
        String s = newSession();
        Client expiring = open(builder().header("Authorization", "Bearer short-token"), "org=acme&session=" + s);
        Client kept = open(s, 0);
        publish(s, "x");
        assertEquals(1, expiring.next().path("seq").asLong());
        assertEquals(1, kept.next().path("seq").asLong());
        SOCKETS.recheck();
        assertFalse("still valid: still open", expiring.closed.isDone());
        TOKENS.remove("short-token");
        SOCKETS.recheck();
        assertEquals(4001, (int) expiring.closed.join());
        publish(s, "y");
        assertEquals(2, kept.next().path("seq").asLong());
        assertNotNull(kept.socket);
        kept.socket.sendClose(1000, "bye").join();
    }
}
