package io.coditect.studio.persistence.internal;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;

/** {@link SessionStore} on JPA. */
final class JpaSessionStore implements SessionStore {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final Tx tx;
    private final Clock clock;

    JpaSessionStore(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public SessionRecord create(SessionRecord session) {
        Check.required("session", session, "pass the session to create");
        String orgId = Check.id("organisation", session.orgId());
        String teamId = Check.id("team", session.teamId());
        String userId = Check.id("user", session.userId());
        String projectId = Check.optionalId("project", session.projectId());
        SessionKind kind = Check.required("session kind", session.kind(), "name one of "
                + List.of(SessionKind.values()));
        SessionState state = session.state() == null ? SessionState.STARTING : session.state();
        if (state.isFinal()) {
            throw StoreException.invalid("a session cannot be created " + state + ": create it STARTING or RUNNING");
        }
        String title = Check.optionalText("session title", session.title(), JpaTenancyStore.NAME_MAX, false);
        return tx.apply(em -> {
            JpaTenancyStore.team(em, orgId, teamId);
            JpaTenancyStore.user(em, orgId, userId);
            if (projectId != null) {
                ProjectEntity p = JpaTenancyStore.project(em, orgId, projectId);
                if (!p.teamId.equals(teamId)) {
                    throw StoreException.invalid("project '" + projectId + "' belongs to team '" + p.teamId + "', not '"
                            + teamId + "': open the session for that team");
                }
            }
            SessionEntity e = new SessionEntity(Ids.next(clock.millis()), orgId, teamId, userId, projectId, kind,
                    state, title, clock.millis());
            em.persist(e);
            return e.toRecord();
        });
    }

    @Override
    public Optional<SessionRecord> find(String orgId, String sessionId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(sessionId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(entity(em, orgId, sessionId)).map(SessionEntity::toRecord));
    }

    private static SessionEntity entity(EntityManager em, String orgId, String sessionId) {
        SessionEntity e = em.find(SessionEntity.class, sessionId);
        return e != null && e.orgId.equals(orgId) ? e : null;
    }

    private static SessionEntity existing(EntityManager em, String orgId, String sessionId) {
        SessionEntity e = StudioIds.isValid(orgId) && StudioIds.isValid(sessionId) ? entity(em, orgId, sessionId)
                : null;
        if (e == null) {
            throw StoreException.notFound("session '" + StudioIds.printable(sessionId)
                    + "' does not exist in organisation '" + StudioIds.printable(orgId) + "'");
        }
        return e;
    }

    /**
     * The organisation's session, its row locked until the transaction ends: the writers of one
     * session's conversation take turns on it. {@code NOT_FOUND} like {@link #existing}.
     */
    static SessionEntity locked(EntityManager em, String orgId, String sessionId) {
        SessionEntity e = StudioIds.isValid(orgId) && StudioIds.isValid(sessionId)
                ? em.find(SessionEntity.class, sessionId, LockModeType.PESSIMISTIC_WRITE) : null;
        if (e == null || !e.orgId.equals(orgId)) {
            throw StoreException.notFound("session '" + StudioIds.printable(sessionId)
                    + "' does not exist in organisation '" + StudioIds.printable(orgId) + "'");
        }
        return e;
    }

    @Override
    public Page<SessionRecord> list(String orgId, SessionFilter filter, PageRequest page) {
        SessionFilter f = filter == null ? SessionFilter.ALL : filter;
        return tx.apply(em -> {
            Jpql<SessionEntity> q = new Jpql<>(SessionEntity.class).where("e.orgId = :org", "org", orgId)
                    .eq("e.teamId", "team", f.teamId()).eq("e.userId", "user", f.userId())
                    .eq("e.projectId", "project", f.projectId());
            if (!f.states().isEmpty()) {
                q.where("e.state IN :states", "states", List.copyOf(f.states()));
            }
            return q.page(em, Jpql.newestFirst("session", "e.createdAt", s -> s.createdAt, "e.id", s -> s.id), page,
                    SessionEntity::toRecord);
        });
    }

    @Override
    public SessionRecord updateState(String orgId, String sessionId, SessionState state) {
        Check.required("session state", state, "name one of " + List.of(SessionState.values()));
        return tx.apply(em -> {
            SessionEntity e = existing(em, orgId, sessionId);
            if (e.state.isFinal()) {
                if (e.state == state) {
                    return e.toRecord();
                }
                throw StoreException.conflict("session '" + sessionId + "' has ended (" + e.state + ") and cannot become "
                        + state + ": open a new session");
            }
            long now = clock.millis();
            e.state = state;
            e.lastActiveAt = Math.max(e.lastActiveAt, now);
            if (state.isFinal()) {
                e.endedAt = now;
            }
            return e.toRecord();
        });
    }

    @Override
    public SessionRecord reopen(String orgId, String sessionId) {
        return tx.apply(em -> {
            SessionEntity e = existing(em, orgId, sessionId);
            if (e.state == SessionState.RUNNING) {
                return e.toRecord();
            }
            // STARTING and IDLE become RUNNING too: the caller has just given the session a sandbox
            e.state = SessionState.RUNNING;
            e.endedAt = null;
            e.lastActiveAt = Math.max(e.lastActiveAt, clock.millis());
            return e.toRecord();
        });
    }

    @Override
    public boolean touch(String orgId, String sessionId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(sessionId)) {
            return false;
        }
        long now = clock.millis();
        return tx.apply(em -> {
            int changed = em.createQuery("UPDATE SessionEntity s SET s.lastActiveAt = :now WHERE s.id = :id AND "
                    + "s.orgId = :org AND s.lastActiveAt < :now").setParameter("now", now).setParameter("id", sessionId)
                    .setParameter("org", orgId).executeUpdate();
            return changed > 0 || entity(em, orgId, sessionId) != null;
        });
    }

    @Override
    public CheckpointRecord addCheckpoint(CheckpointRecord checkpoint) {
        Check.required("checkpoint", checkpoint, "pass the checkpoint to store");
        String orgId = Check.id("organisation", checkpoint.orgId());
        String sessionId = Check.id("session", checkpoint.sessionId());
        String commitId = Check.token("commit id", checkpoint.commitId() == null ? null
                : checkpoint.commitId().toLowerCase(Locale.ROOT), COMMIT, "the full commit id: 40 or 64 hex digits");
        String message = Check.optionalText("checkpoint message", checkpoint.message(),
                JpaTenancyStore.DESCRIPTION_MAX, true);
        String createdBy = Check.optionalId("user (createdBy)", checkpoint.createdBy());
        return tx.apply(em -> {
            existing(em, orgId, sessionId);
            CheckpointEntity e = new CheckpointEntity(Ids.next(clock.millis()), orgId, sessionId, commitId, message,
                    createdBy, clock.millis());
            em.persist(e);
            return e.toRecord();
        });
    }

    @Override
    public Optional<CheckpointRecord> findCheckpoint(String orgId, String checkpointId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(checkpointId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(em.find(CheckpointEntity.class, checkpointId))
                .filter(c -> c.orgId.equals(orgId)).map(CheckpointEntity::toRecord));
    }

    @Override
    public Page<CheckpointRecord> listCheckpoints(String orgId, String sessionId, PageRequest page) {
        return tx.apply(em -> new Jpql<>(CheckpointEntity.class).where("e.orgId = :org", "org", orgId)
                .where("e.sessionId = :session", "session", sessionId)
                .page(em, Jpql.newestFirst("checkpoint", "e.createdAt", c -> c.createdAt, "e.id", c -> c.id), page,
                        CheckpointEntity::toRecord));
    }

    @Override
    public Page<CheckpointRecord> listProjectCheckpoints(String orgId, String projectId, PageRequest page) {
        return tx.apply(em -> new Jpql<>(CheckpointEntity.class).where("e.orgId = :org", "org", orgId)
                .where("e.sessionId IN (SELECT s.id FROM SessionEntity s WHERE s.orgId = :org"
                        + " AND s.projectId = :project)", "project", projectId)
                .page(em, Jpql.newestFirst("checkpoint", "e.createdAt", c -> c.createdAt, "e.id", c -> c.id), page,
                        CheckpointEntity::toRecord));
    }
}
