package io.coditect.studio.api.chat;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a session's stream.
 *
 * @param seq       position in the session's stream, from 1, without gaps; 0 for {@link EventType#RESYNC}
 * @param sessionId the session
 * @param type      what happened
 * @param at        when
 * @param actor     id of the user who caused it, or null for the agent and the studio
 * @param turnId    the agent turn it belongs to, or null
 * @param data      JSON-compatible values (strings, numbers, booleans, lists, maps), see {@link EventType}
 */
public record SessionEvent(long seq, String sessionId, EventType type, Instant at, String actor, String turnId,
        Map<String, Object> data) {

    public SessionEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
