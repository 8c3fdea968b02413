package io.coditect.studio.core.internal.session;

import java.time.Duration;
import java.time.Instant;

import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.session.HistoryRef;

/**
 * A session running on this node: its sandbox, workspace and what it last did. Checkpoints,
 * restores and write-backs of one session synchronise on it.
 */
final class LiveSession {

    /** How often activity is written to the session's record (the reaper uses the time kept here). */
    static final Duration STORED_ACTIVITY_EVERY = Duration.ofMinutes(1);

    private final String orgId;
    private final Sandbox sandbox;
    private final SessionWorkspace workspace;
    private final HistoryRef ref;
    private volatile Instant lastActivity;
    private volatile Instant lastStoredActivity;
    private volatile Instant lastWriteBack;
    private volatile String lastCommit;

    LiveSession(String orgId, Sandbox sandbox, SessionWorkspace workspace, HistoryRef ref, Instant now) {
        this.orgId = orgId;
        this.sandbox = sandbox;
        this.workspace = workspace;
        this.ref = ref;
        this.lastActivity = now;
        this.lastStoredActivity = now;
        this.lastWriteBack = now;
    }

    String orgId() {
        return orgId;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    SessionWorkspace workspace() {
        return workspace;
    }

    HistoryRef ref() {
        return ref;
    }

    Instant lastActivity() {
        return lastActivity;
    }

    Instant lastWriteBack() {
        return lastWriteBack;
    }

    /** The session branch's head, once this session has committed. */
    String lastCommit() {
        return lastCommit;
    }

    /** Records activity; true when it is time to write it to the session's record too. */
    boolean touched(Instant at) {
        lastActivity = at;
        if (!lastStoredActivity.plus(STORED_ACTIVITY_EVERY).isAfter(at)) {
            lastStoredActivity = at;
            return true;
        }
        return false;
    }

    void writtenBack(Instant at) {
        lastWriteBack = at;
    }

    void committed(String commitId) {
        lastCommit = commitId;
    }
}
