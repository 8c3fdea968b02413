package io.coditect.studio.api.session;

import java.util.Optional;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Session and checkpoint records. Every method names the organisation and never returns or
 * changes another organisation's record. Lists are ordered newest first. Failures are
 * {@link io.coditect.studio.api.store.StoreException}s; a failed write changes nothing.
 */
@ProviderType
public interface SessionStore {

    /**
     * Stores a new session (id and times set by the store). {@code NOT_FOUND} when the team, the
     * user or the project is not one of the organisation; {@code INVALID} when created in a final
     * state.
     */
    SessionRecord create(SessionRecord session);

    Optional<SessionRecord> find(String orgId, String sessionId);

    Page<SessionRecord> list(String orgId, SessionFilter filter, PageRequest page);

    /**
     * Moves the session to {@code state} and records activity; reaching a final state sets the end
     * time. {@code CONFLICT} when the session has already ended (unless {@code state} is the state it
     * ended in), {@code NOT_FOUND} when there is no such session.
     */
    SessionRecord updateState(String orgId, String sessionId, SessionState state);

    /**
     * Makes an ended session RUNNING again (its end time cleared, activity now), for
     * {@link SessionService#resume}; a RUNNING session is returned unchanged. {@code NOT_FOUND}
     * when there is no such session.
     */
    SessionRecord reopen(String orgId, String sessionId);

    /**
     * Records activity now.
     *
     * @return false when there is no such session
     */
    boolean touch(String orgId, String sessionId);

    /** Stores a checkpoint of a session of the organisation ({@code NOT_FOUND} otherwise). */
    CheckpointRecord addCheckpoint(CheckpointRecord checkpoint);

    Optional<CheckpointRecord> findCheckpoint(String orgId, String checkpointId);

    /** The checkpoints of one session, newest first; an unknown session has none. */
    Page<CheckpointRecord> listCheckpoints(String orgId, String sessionId, PageRequest page);

    /** The checkpoints of every session of a project, newest first. */
    Page<CheckpointRecord> listProjectCheckpoints(String orgId, String projectId, PageRequest page);
}
