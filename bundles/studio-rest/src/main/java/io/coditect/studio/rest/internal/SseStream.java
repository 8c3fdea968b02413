package io.coditect.studio.rest.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.chat.Subscription;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.usage.RateLimitedException;

/**
 * A session's events as Server-Sent Events on one response: {@code id} is the sequence number (so a
 * browser's EventSource reconnects with {@code Last-Event-ID}), {@code event} the type, {@code data}
 * the event as JSON. A comment line every 15 s keeps proxies from closing an idle stream. The
 * stream holds at most {@link #SLACK} events for a slow client; past that it ends with a RESYNC.
 */
final class SseStream implements EventSink {

    static final int SLACK = 1024;
    private static final long KEEP_ALIVE_SECONDS = 15;
    private static final ObjectMapper JSON = ApiServerFactory.objectMapper();

    /** Events the studio keeps per session (the most a replay can bring). */
    static final int KEPT = 10_000;

    private final BlockingQueue<SessionEvent> queue;
    private volatile Subscription subscription;
    private volatile boolean revoked;
    private long last;

    /**
     * A session's events as the response to one request: everything after {@code lastEventId} (the
     * {@code Last-Event-ID} header, which wins) or {@code after} that is still kept, then new events
     * as they happen. The stream is registered in {@code streams} while it is open.
     */
    static Response response(SessionEvents events, OpenStreams streams, Caller caller, String org, String session,
            String lastEventId, Long after) {
        long afterSeq = after != null ? after : 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                afterSeq = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Last-Event-ID must be the number of the last event received, not '"
                        + lastEventId + "'");
            }
        }
        // kept events replay in a burst: room for them on top of the live slack (at most what the hub keeps)
        long backlog = Math.min(KEPT, Math.max(0, events.lastSeq(caller, org, session) - afterSeq));
        SseStream stream = new SseStream(afterSeq, (int) backlog);
        try {
            streams.opened(caller, stream);
        } catch (RateLimitedException e) {
            Response problem = Problem.of(Response.Status.TOO_MANY_REQUESTS, "too-many-streams", e.getMessage(),
                    "/sessions/" + session + "/events").toResponse();
            return Response.fromResponse(problem).header("Retry-After", e.retryAfter().toSeconds()).build();
        }
        try {
            stream.attach(events.subscribe(caller, org, session, afterSeq, stream));
        } catch (RuntimeException e) {
            streams.closed(caller, stream);
            throw e;
        }
        StreamingOutput out = output -> {
            try {
                stream.writeTo(output);
            } finally {
                streams.closed(caller, stream);
            }
        };
        return Response.ok(out, "text/event-stream").header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no").build();
    }

    SseStream(long afterSeq) {
        this(afterSeq, 0);
    }

    SseStream(long afterSeq, int backlog) {
        this.last = afterSeq;
        this.queue = new ArrayBlockingQueue<>(SLACK + backlog);
    }

    void attach(Subscription s) {
        this.subscription = s;
    }

    @Override
    public void onEvent(SessionEvent event) {
        if (!queue.offer(event)) {
            throw new IllegalStateException("client too slow"); // the hub drops this subscriber
        }
    }

    /** Ends the stream at once: the credential that opened it no longer works. */
    void revoke() {
        revoked = true;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        queue.clear();
        queue.offer(revokedEvent());
    }

    private static SessionEvent revokedEvent() {
        return new SessionEvent(0, "", EventType.ERROR, java.time.Instant.now(), null, null, Map.of("message", "the credential of this stream was revoked (logout or a revoked key): log in again",
                    "retryable", false));
    }

    /** Writes events until the client leaves, must resync or its credential is revoked. */
    void writeTo(OutputStream out) throws IOException {
        try {
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                SessionEvent e = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (e == null && revoked) {
                    write(out, revokedEvent()); // its own copy was crowded out of the queue
                    return;
                }
                if (e == null) {
                    if (subscription != null && !subscription.isOpen() && queue.isEmpty()) {
                        write(out, new SessionEvent(0, "", EventType.RESYNC, java.time.Instant.now(), null, null,
                                Map.of("lastSeq", last, "reason", "the client fell behind the session's stream")));
                        return;
                    }
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                if (revoked && e.type() != EventType.ERROR) {
                    continue; // delivered before the revocation closed the subscription
                }
                write(out, e);
                // a revocation queues its ERROR after clearing the queue: end once that is written
                if (e.type() == EventType.RESYNC || revoked && e.type() == EventType.ERROR) {
                    return;
                }
                last = e.seq();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    private static void write(OutputStream out, SessionEvent e) throws IOException {
        StringBuilder b = new StringBuilder();
        if (e.seq() > 0) {
            b.append("id: ").append(e.seq()).append('\n');
        }
        b.append("event: ").append(e.type().name()).append('\n');
        b.append("data: ").append(JSON.writeValueAsString(e)).append("\n\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
