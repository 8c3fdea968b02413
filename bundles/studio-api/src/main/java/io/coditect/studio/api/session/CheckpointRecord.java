package io.coditect.studio.api.session;

import java.time.Instant;

/**
 * A checkpoint of a session: one git commit of its working tree.
 *
 * @param id        UUID set by the store
 * @param orgId     the organisation
 * @param sessionId the session
 * @param commitId  the full commit id, 40 (SHA-1) or 64 (SHA-256) hex digits in lower case
 * @param message   the commit message, may be null
 * @param createdBy id of the user who made it, or null for an automatic checkpoint
 * @param createdAt set by the store
 */
public record CheckpointRecord(String id, String orgId, String sessionId, String commitId, String message,
        String createdBy, Instant createdAt) {

    /** A checkpoint to store; the store sets id and creation time. */
    public static CheckpointRecord of(String orgId, String sessionId, String commitId, String message,
            String createdBy) {
        return new CheckpointRecord(null, orgId, sessionId, commitId, message, createdBy, null);
    }
}
