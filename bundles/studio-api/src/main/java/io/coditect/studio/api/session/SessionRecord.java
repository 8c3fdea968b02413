package io.coditect.studio.api.session;

import java.time.Instant;

/**
 * A work session.
 *
 * @param id           UUID set by the store
 * @param orgId        the organisation
 * @param teamId       the team it runs for
 * @param userId       the user who opened it
 * @param projectId    the project it works on, or null
 * @param kind         sandbox type
 * @param state        current state ({@link SessionState#STARTING} when created without one)
 * @param title        shown to people, may be null
 * @param createdAt    set by the store
 * @param lastActiveAt last recorded activity (set by the store)
 * @param endedAt      when it reached a final state, or null
 */
public record SessionRecord(String id, String orgId, String teamId, String userId, String projectId,
        SessionKind kind, SessionState state, String title, Instant createdAt, Instant lastActiveAt,
        Instant endedAt) {

    /** A session to create, {@link SessionState#STARTING}; the store sets id and times. */
    public static SessionRecord of(String orgId, String teamId, String userId, String projectId, SessionKind kind,
            String title) {
        return new SessionRecord(null, orgId, teamId, userId, projectId, kind, SessionState.STARTING, title, null,
                null, null);
    }
}
