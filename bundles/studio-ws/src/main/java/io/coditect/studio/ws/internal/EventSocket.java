package io.coditect.studio.ws.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.eclipse.jetty.websocket.common.WebSocketRemoteEndpoint;
import org.eclipse.jetty.websocket.common.frames.TextFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.coditect.studio.api.chat.ChatInput;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.chat.Subscription;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.StoreException;

/**
 * One open socket on a session's stream. Server to client: every event as the same JSON as the SSE
 * stream's {@code data}, a {@code {"type":"pong"}} for a ping, and an ERROR event with seq 0 for a
 * message it could not act on. Client to server: {@code {"type":"presence","state":"typing"}} and
 * {@code {"type":"ping"}}.
 *
 * <p>Frames go out one at a time, asynchronously, from a queue of at most {@link #SLACK}: the hub's
 * delivery thread only ever appends to it. A client that lets it overflow gets a RESYNC (with the
 * last seq it was sent) and the socket closes with {@link #RESYNC}; it reconnects with {@code after=}.
 */
final class EventSocket implements WebSocketListener, EventSink {

    static final int SLACK = 1024;
    /** Events the studio keeps per session (the most a replay can bring). */
    static final int KEPT = 10_000;
    /** Close code: the client must resync (fell behind, or its {@code after} is no longer kept). */
    static final int RESYNC = 4000;
    /** Close code: the credential expired or was revoked; log in again. */
    static final int UNAUTHORIZED = 4001;

    private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
    private static final byte[] PONG = "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A frame's UTF-8 payload; an event's is shared by all the sockets of its session. */
    private record Frame(byte[] text, long seq, int closeCode, String closeReason) {
    }

    private final SessionEvents events;
    private final ChatService chat;
    private final OpenSockets sockets;
    private final String token;
    private final String sourceAddress;
    private final String orgId;
    private final String sessionId;
    private volatile Caller caller;
    private volatile Subscription subscription;

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private Session session;
    private boolean sending;
    private boolean pumping;
    private boolean ending;
    private boolean closed;
    private long lastSent;
    private volatile int backlog;

    EventSocket(SessionEvents events, ChatService chat, OpenSockets sockets, Caller caller, String token,
            String sourceAddress, String orgId, String sessionId, long afterSeq) {
        this.events = events;
        this.chat = chat;
        this.sockets = sockets;
        this.caller = caller;
        this.token = token;
        this.sourceAddress = sourceAddress;
        this.orgId = orgId;
        this.sessionId = sessionId;
        this.lastSent = afterSeq;
    }

    /** At the handshake: throws what {@link SessionEvents#subscribe} throws (not found, denied, invalid). */
    void subscribe(long afterSeq) {
        // kept events replay in a burst: room for them on top of the live slack
        backlog = (int) Math.min(KEPT, Math.max(0, events.lastSeq(caller, orgId, sessionId) - afterSeq));
        subscription = events.subscribe(caller, orgId, sessionId, afterSeq, this);
        sockets.opened(this);
    }

    Caller caller() {
        return caller;
    }

    String token() {
        return token;
    }

    String sourceAddress() {
        return sourceAddress;
    }

    void caller(Caller fresh) {
        this.caller = fresh;
    }

    boolean streamOpen() {
        Subscription s = subscription;
        return s == null || s.isOpen();
    }

    // --- server to client -------------------------------------------------------------------------

    /** On the hub's delivery thread: never blocks. */
    @Override
    public void onEvent(SessionEvent event) {
        if (event.type() == EventType.RESYNC) {
            end(text(event), RESYNC, "resync: reconnect with after=<last seq>");
            return;
        }
        boolean overflow;
        synchronized (this) {
            if (ending) {
                return;
            }
            overflow = queue.size() >= SLACK + backlog;
            if (overflow) {
                queue.clear();
                ending = true;
                queue.add(new Frame(text(resyncEvent(lastSent, "the client fell more than " + SLACK
                        + " events behind")), 0, RESYNC, "resync: reconnect with after=<last seq>"));
            } else {
                queue.add(new Frame(SHARED.text(event), event.seq(), 0, null));
            }
        }
        if (overflow) {
            closeSubscription();
        }
        pump();
    }

    private SessionEvent resyncEvent(long last, String reason) {
        return new SessionEvent(0, sessionId, EventType.RESYNC, Instant.now(), null, null,
                Map.of("lastSeq", last, "reason", reason));
    }

    /** Replaces whatever is still queued with one last frame, then closes with {@code code}. */
    boolean end(byte[] lastFrame, int code, String reason) {
        synchronized (this) {
            if (ending) {
                return false;
            }
            ending = true;
            queue.clear();
            queue.add(new Frame(lastFrame, 0, code, reason));
        }
        closeSubscription();
        pump();
        return true;
    }

    /** The credential stopped working: an ERROR event, then the socket closes at once with 4001. */
    void unauthorized(String reason) {
        if (!end(text(error(reason, false)), UNAUTHORIZED, reason)) {
            close(UNAUTHORIZED, reason);
        }
    }

    /** Closes without a last frame (the endpoint goes away, the session's stream ended). */
    void close(int code, String reason) {
        Session s;
        synchronized (this) {
            ending = true;
            queue.clear();
            s = session;
        }
        closeSubscription();
        if (s != null) {
            s.close(code, reason);
        }
    }

    private void send(byte[] text) {
        synchronized (this) {
            if (ending) {
                return;
            }
            queue.add(new Frame(text, 0, 0, null));
        }
        pump();
    }

    /** Sends the queued frames one at a time; whoever finds nobody pumping pumps. Never recurses. */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            Frame f;
            Session s;
            synchronized (this) {
                f = sending || session == null || closed ? null : queue.pollFirst();
                if (f == null) {
                    pumping = false;
                    return;
                }
                sending = true;
                s = session;
                if (f.seq() > 0) {
                    lastSent = f.seq();
                }
            }
            try {
                write(s, f.text(), new WriteCallback() {
                    @Override
                    public void writeSuccess() {
                        sent(s, f);
                    }

                    @Override
                    public void writeFailed(Throwable x) {
                        LOG.debug("event socket of session {}: write failed", sessionId, x);
                        close(1011, "write failed");
                    }
                });
            } catch (RuntimeException x) {
                LOG.debug("event socket of session {}: write failed", sessionId, x);
                synchronized (this) {
                    pumping = false;
                }
                close(1011, "write failed");
                return;
            }
        }
    }

    /**
     * A frame over the event's shared bytes: sendString would encode the same text again for every
     * socket. The endpoint is Jetty 9.4's own (this bundle runs Jetty's WebSocket server itself).
     */
    private static void write(Session s, byte[] utf8, WriteCallback callback) {
        ((WebSocketRemoteEndpoint) s.getRemote()).uncheckedSendFrame(
                new TextFrame().setPayload(ByteBuffer.wrap(utf8).asReadOnlyBuffer()), callback);
    }

    private void sent(Session s, Frame f) {
        synchronized (this) {
            sending = false;
        }
        if (f.closeCode() != 0) {
            s.close(f.closeCode(), f.closeReason());
        } else {
            pump();
        }
    }

    // --- the socket -------------------------------------------------------------------------------

    @Override
    public void onWebSocketConnect(Session s) {
        synchronized (this) {
            session = s;
        }
        pump(); // what the hub replayed while the handshake finished
    }

    @Override
    public void onWebSocketText(String message) {
        JsonNode m;
        try {
            m = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            send(text(error("a message must be a JSON object such as {\"type\":\"ping\"}", false)));
            return;
        }
        String type = m != null && m.isObject() && m.path("type").isTextual() ? m.path("type").asText() : null;
        if ("ping".equals(type)) {
            send(PONG);
        } else if ("presence".equals(type)) {
            act("the presence", () -> events.presence(caller, orgId, sessionId, textOf(m, "state")));
        } else if ("message".equals(type)) {
            String model = textOf(m, "model");
            act("the message", () -> chat.send(caller, orgId, sessionId,
                    new ChatInput(textOf(m, "text"), model == null || model.isBlank() ? null : ModelRef.parse(model))));
        } else if ("cancel".equals(type)) {
            act("the cancel", () -> chat.cancel(caller, orgId, sessionId, textOf(m, "turnId")));
        } else if ("approval".equals(type)) {
            act("the decision", () -> chat.decide(caller, orgId, sessionId, textOf(m, "approvalId"),
                    m.path("approve").asBoolean(false), textOf(m, "reason")));
        } else {
            send(text(error("unknown message type " + (type == null ? "(none)" : "'" + type + "'")
                    + ": send presence {state}, message {text, model}, cancel {turnId}, approval {approvalId,"
                    + " approve, reason} or ping", false)));
        }
    }

    private static String textOf(JsonNode m, String field) {
        return m.path(field).isTextual() ? m.path(field).asText() : null;
    }

    /** Runs what a client asked for as the socket's caller; a refusal comes back as an ERROR frame. */
    private void act(String what, Runnable action) {
        try {
            action.run();
        } catch (StoreException | AccessDeniedException e) {
            send(text(error(e.getMessage(), false)));
        } catch (IllegalArgumentException e) {
            send(text(error(what + " is not valid: " + e.getMessage(), false)));
        } catch (RuntimeException e) {
            LOG.warn("{} in session {} failed", what, sessionId, e);
            send(text(error(what + " could not be sent; try again", true)));
        }
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int len) {
        send(text(error("binary messages are not understood: send JSON text", false)));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        synchronized (this) {
            closed = true;
            ending = true;
            queue.clear();
        }
        closeSubscription();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("event socket of session {} failed", sessionId, cause);
        onWebSocketClose(1011, null);
    }

    /** Also when the upgrade never happened after the handshake subscribed. */
    void closeSubscription() {
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        sockets.closed(this);
    }

    private SessionEvent error(String message, boolean retryable) {
        return new SessionEvent(0, sessionId, EventType.ERROR, Instant.now(), null, null,
                Map.of("message", message == null ? "error" : message, "retryable", retryable));
    }

    /** Events of the stream are the hub's shared instances: one JSON text for all their sockets. */
    private static final EventTexts SHARED = new EventTexts(EventSocket::text);

    private static byte[] text(SessionEvent e) {
        try {
            return JSON.writeValueAsBytes(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("a session event that is not JSON: " + e.type(), x);
        }
    }
}
