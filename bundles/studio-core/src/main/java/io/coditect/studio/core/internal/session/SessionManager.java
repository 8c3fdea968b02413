package io.coditect.studio.core.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.session.WorkspaceEntry;
import io.coditect.studio.api.session.WorkspaceHistory;
import io.coditect.studio.api.session.WorkspaceListing;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageLayout;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;
import io.coditect.studio.core.internal.egress.EgressFilters;
import io.coditect.studio.core.internal.workspace.WorkspaceFiles;

/**
 * Open sessions, their sandboxes and workspaces. A session's {@code /home/dev} is loaded from storage
 * when it opens and written back on checkpoint, every few minutes and when it ends, so a sandbox
 * lost mid-session loses at most the work since the last write-back (SDD §2.2); the next session
 * starts from there. A sandbox lives only in this node's memory: a session recorded as running whose
 * sandbox is gone (after a restart) answers CONFLICT to commands and can be stopped.
 */
public final class SessionManager implements SessionService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    /** Most bytes of a checkpoint diff returned. */
    static final int MAX_DIFF_BYTES = 1024 * 1024;

    /** What the manager needs from its surroundings. */
    public record Settings(Path workspaces, String driverId, String storageId, String image,
            SessionTimeouts timeouts, Duration writeBackEvery, SandboxPool.Settings pool) {
        public Settings {
            Objects.requireNonNull(workspaces, "workspaces");
            timeouts = timeouts == null ? SessionTimeouts.DEFAULTS : timeouts;
            writeBackEvery = writeBackEvery == null ? Duration.ofMinutes(5) : writeBackEvery;
            pool = pool == null ? SandboxPool.Settings.DEFAULTS : pool;
            image = image == null || image.isBlank() ? null : image;
        }

        public Settings(Path workspaces, String driverId, SessionTimeouts timeouts) {
            this(workspaces, driverId, null, null, timeouts, null, null);
        }
    }

    /** The services a manager works with. */
    public record Services(SessionStore sessions, TenancyStore tenancy, SandboxRegistry drivers,
            StorageRegistry storage, Supplier<WorkspaceHistory> history, SandboxLimits limits, EgressFilters egress,
            Access access, AuditTrail audit) {
    }

    private final SessionStore sessions;
    private final TenancyStore tenancy;
    private final SandboxRegistry drivers;
    private final StorageRegistry storages;
    private final Supplier<WorkspaceHistory> history;
    private final SandboxLimits limits;
    private final Access access;
    private final AuditTrail audit;
    private final Clock clock;
    private final ExecutorService io;
    private final SandboxPool pool;
    private volatile Settings settings;
    private final Map<String, LiveSession> live = new ConcurrentHashMap<>();
    /** Resumes are rare: one at a time, so two clicks on one session start one sandbox. */
    private final Object resumeLock = new Object();

    public SessionManager(Services services, Clock clock, ExecutorService io, Settings settings) {
        this.sessions = services.sessions();
        this.tenancy = services.tenancy();
        this.drivers = services.drivers();
        this.storages = services.storage();
        this.history = services.history();
        this.limits = services.limits();
        this.access = services.access();
        this.audit = services.audit();
        this.clock = clock;
        this.io = io;
        this.settings = settings;
        this.pool = new SandboxPool(settings.workspaces().resolve("pool"), io, clock,
                id -> drivers.get(id).orElse(null), services.egress(), settings.pool());
    }

    void update(Settings newSettings) {
        this.settings = newSettings;
        pool.update(newSettings.pool());
    }

    /** Starts keeping sandboxes of the default spec ready. */
    void warmDefaultPool() {
        try {
            SandboxDriver d = driver();
            pool.warm(poolKey(d, null));
        } catch (StoreException e) {
            LOG.info("warm pool not started: {}", e.getMessage());
        }
    }

    @Override
    public SessionRecord open(Caller caller, String orgId, String projectId, SessionKind kind, String title) {
        Caller c = access.in(caller, orgId, "session.open");
        Project project = tenancy.findProject(c.orgId(), StudioIds.require("project", projectId))
                .orElseThrow(() -> StoreException.notFound("project '" + projectId + "' not found in organisation '"
                        + c.orgId() + "'"));
        access.require(c, "session.open", "project/" + project.id(), Resource.SESSION, Operation.CREATE,
                Target.team(c.orgId(), project.teamId()));
        SandboxDriver driver = driver();
        StorageBackend storage = storage();
        SessionRecord wanted = new SessionRecord(null, c.orgId(), project.teamId(), c.userId(), project.id(),
                kind == null ? SessionKind.INTERACTIVE : kind, SessionState.RUNNING, title, null, null, null);
        Started started;
        try {
            started = start(c, wanted, driver, storage);
        } catch (RuntimeException e) {
            // recorded too, so the user sees the attempt and why it failed
            SessionRecord failed = sessions.create(SessionRecord.of(c.orgId(), project.teamId(), c.userId(),
                    project.id(), wanted.kind(), title));
            sessions.updateState(c.orgId(), failed.id(), SessionState.FAILED);
            throw cannotStart(failed.id(), driver, storage, e);
        }
        SessionRecord record;
        try {
            record = sessions.create(wanted); // one write on the way to a running session
        } catch (RuntimeException e) {
            discard(started.sandbox());
            throw e;
        }
        live.put(record.id(), new LiveSession(c.orgId(), started.sandbox(), started.workspace(), historyRef(record),
                clock.instant()));
        LOG.info("session {} of {} started in sandbox {} ({}); loaded {}", record.id(), c.orgId(),
                started.sandbox().id(), driver.id(), started.loaded());
        return record;
    }

    @Override
    public SessionRecord resume(Caller caller, String orgId, String sessionId) {
        Caller c = access.in(caller, orgId, "session.resume");
        SessionRecord s = find(c, sessionId);
        access.require(c, "session.resume", target(s), Resource.SESSION, Operation.UPDATE, ownedTarget(s));
        if (s.kind() == SessionKind.BATCH) {
            throw StoreException.conflict("session " + s.id() + " is a batch session: it ends with its task and"
                    + " cannot be resumed; run the task again in a new batch session");
        }
        synchronized (resumeLock) {
            s = find(c, sessionId);
            if (live.containsKey(s.id()) && !s.state().isFinal()) {
                return s;
            }
            LiveSession stale = live.remove(s.id());
            if (stale != null) {
                discard(stale.sandbox());
            }
            SandboxDriver driver = driver();
            StorageBackend storage = storage();
            Started started;
            try {
                started = start(c, s, driver, storage);
            } catch (RuntimeException e) {
                throw cannotStart(s.id(), driver, storage, e);
            }
            SessionRecord reopened;
            try {
                reopened = sessions.reopen(c.orgId(), s.id());
            } catch (RuntimeException e) {
                discard(started.sandbox());
                throw e;
            }
            LiveSession l = new LiveSession(c.orgId(), started.sandbox(), started.workspace(), historyRef(s),
                    clock.instant());
            sessions.listCheckpoints(c.orgId(), s.id(), PageRequest.first(1)).items().stream().findFirst()
                    .ifPresent(cp -> l.committed(cp.commitId()));
            live.put(s.id(), l);
            audit.success(c, "session.resume", "session/" + s.id(), Map.of("sandbox", started.sandbox().id()));
            LOG.info("session {} of {} resumed in sandbox {} ({}); loaded {}", s.id(), c.orgId(),
                    started.sandbox().id(), driver.id(), started.loaded());
            return reopened;
        }
    }

    /** A sandbox taken for a session, with its workspace loaded from storage. */
    private record Started(Sandbox sandbox, SessionWorkspace workspace, String loaded) {
    }

    private Started start(Caller c, SessionRecord wanted, SandboxDriver driver, StorageBackend storage) {
        Sandbox sandbox = null;
        try {
            sandbox = pool.take(driver, poolKey(driver, c.orgId()), limits.forOrg(c.orgId()).egress(),
                    "organisation " + c.orgId() + ", user " + c.userId());
            SessionWorkspace ws = new SessionWorkspace(storage, wanted, sandbox.workspace(), io);
            return new Started(sandbox, ws, ws.materialise());
        } catch (RuntimeException e) {
            if (sandbox != null) {
                discard(sandbox);
            }
            throw e;
        }
    }

    private static StoreException cannotStart(String sessionId, SandboxDriver driver, StorageBackend storage,
            RuntimeException e) {
        return new StoreException(StoreException.Kind.UNAVAILABLE, "session " + sessionId
                + " could not start with sandbox driver '" + driver.id() + "' and storage '" + storage.id() + "': "
                + e.getMessage(), e);
    }

    @Override
    public SessionRecord runTask(Caller caller, String orgId, String projectId, ExecRequest task, String title) {
        if (task == null) {
            throw StoreException.invalid("a batch session needs its task: the command to run");
        }
        SessionRecord s = open(caller, orgId, projectId, SessionKind.BATCH, title);
        LiveSession l = live.get(s.id());
        TaskLog log;
        try {
            log = TaskLog.create(taskLogFile(s));
        } catch (IOException e) {
            end(s, SessionState.FAILED, "its task log cannot be written: " + e.getMessage());
            throw WorkspaceFiles.unavailable("the task log of session " + s.id() + " cannot be written: "
                    + e.getMessage(), e);
        }
        try {
            l.sandbox().exec(task, new ExecListener() {
                @Override
                public void onOutput(Stream stream, byte[] chunk) {
                    log.append(chunk);
                }

                @Override
                public void onExit(ExecResult result) {
                    io.execute(() -> finishTask(s, log, result));
                }
            });
        } catch (RuntimeException e) {
            log.append(("the task could not start: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            io.execute(() -> finishTask(s, log, null));
        }
        return s;
    }

    private void finishTask(SessionRecord s, TaskLog log, ExecResult result) {
        String outcome = result == null ? "did not start" : "exited " + result.exitCode() + " ("
                + result.termination().name().toLowerCase() + " after " + result.duration().toMillis() + " ms)";
        log.append(("\n[task " + outcome + "]\n").getBytes(StandardCharsets.UTF_8));
        try {
            log.close();
            LiveSession l = live.get(s.id());
            StorageBackend storage = l != null ? l.workspace().storage() : storage();
            log.upload(storage, StorageLayout.sessionLogs(s.orgId(), s.id()).child("task.log"));
        } catch (IOException | RuntimeException e) {
            LOG.error("session {}: its task log could not be stored, it is kept at {}: {}", s.id(), log.file(),
                    e.getMessage());
        }
        boolean ok = result != null && result.succeeded();
        end(sessions.find(s.orgId(), s.id()).orElse(s), ok ? SessionState.STOPPED : SessionState.FAILED,
                "its task " + outcome);
    }

    @Override
    public InputStream taskLog(Caller caller, String orgId, String sessionId) {
        Caller c = access.in(caller, orgId, "session.log");
        SessionRecord s = readable(c, c.orgId(), sessionId, "session.log");
        Path local = taskLogFile(s);
        try {
            return Files.newInputStream(local);
        } catch (IOException e) {
            // ended: the log is in storage
        }
        StoragePath key = StorageLayout.sessionLogs(s.orgId(), s.id()).child("task.log");
        try {
            return storageOf(s).get(key).content();
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                throw StoreException.notFound("session " + s.id() + " has no task log: only batch sessions have one");
            }
            throw WorkspaceFiles.unavailable("cannot read the task log of session " + s.id() + ": " + e.getMessage(),
                    e);
        }
    }

    private Path taskLogFile(SessionRecord s) {
        return settings.workspaces().resolve("logs").resolve(s.id() + ".log");
    }

    @Override
    public SessionRecord session(Caller caller, String orgId, String sessionId) {
        return readable(caller, orgId, sessionId, "session.read");
    }

    @Override
    public Page<SessionRecord> list(Caller caller, String orgId, SessionFilter filter, PageRequest page) {
        Caller c = access.in(caller, orgId, "session.list");
        access.require(c, "session.list", "organisation/" + c.orgId(), Resource.SESSION, Operation.READ,
                Target.organisation(c.orgId()));
        return sessions.list(c.orgId(), filter == null ? SessionFilter.ALL : filter,
                page == null ? PageRequest.first() : page);
    }

    @Override
    public SessionRecord stop(Caller caller, String orgId, String sessionId) {
        Caller c = access.in(caller, orgId, "session.stop");
        SessionRecord s = find(c, sessionId);
        // the owner stops (update); Team Admins may end anybody's (delete)
        if (!access.allows(c, Resource.SESSION, Operation.UPDATE, ownedTarget(s))) {
            access.require(c, "session.stop", target(s), Resource.SESSION, Operation.DELETE, ownedTarget(s));
        }
        return end(s, SessionState.STOPPED, "stopped by " + c.actor());
    }

    @Override
    public ExecHandle exec(Caller caller, String orgId, String sessionId, ExecRequest request, ExecListener listener) {
        Caller c = access.in(caller, orgId, "session.exec");
        LiveSession l = running(c, sessionId, "session.exec");
        return l.sandbox().exec(request, listener);
    }

    @Override
    public WorkspaceListing files(Caller caller, String orgId, String sessionId, String path, boolean recursive,
            int limit) {
        Caller c = access.in(caller, orgId, "session.files");
        SessionRecord s = readable(c, c.orgId(), sessionId, "session.files");
        return workspaceOf(s).files().list(path, recursive, limit);
    }

    @Override
    public InputStream readFile(Caller caller, String orgId, String sessionId, String path) {
        Caller c = access.in(caller, orgId, "session.files");
        SessionRecord s = readable(c, c.orgId(), sessionId, "session.files");
        return workspaceOf(s).files().read(path);
    }

    @Override
    public WorkspaceEntry writeFile(Caller caller, String orgId, String sessionId, String path, InputStream content) {
        Caller c = access.in(caller, orgId, "session.files.write");
        return running(c, sessionId, "session.files.write").workspace().files().write(path, content);
    }

    @Override
    public boolean deleteFile(Caller caller, String orgId, String sessionId, String path) {
        Caller c = access.in(caller, orgId, "session.files.delete");
        return running(c, sessionId, "session.files.delete").workspace().files().delete(path);
    }

    @Override
    public CheckpointRecord checkpoint(Caller caller, String orgId, String sessionId, String message,
            boolean allowEmpty) {
        Caller c = access.in(caller, orgId, "session.checkpoint");
        LiveSession l = running(c, sessionId, "session.checkpoint");
        String text = message == null || message.isBlank() ? "Checkpoint by " + c.actor() : message.strip();
        synchronized (l) {
            WorkspaceHistory h = history();
            Commit.Author author = author(c);
            String base = l.lastCommit() != null ? l.lastCommit() : latestProjectCommit(l);
            Commit commit = h.commit(l.workspace().storage(), l.ref(), l.workspace().projectDir(), author, text, base,
                    allowEmpty).orElse(null);
            writeBack(sessionId, l);
            if (commit == null) {
                return null;
            }
            l.committed(commit.id());
            CheckpointRecord cp = sessions.addCheckpoint(CheckpointRecord.of(c.orgId(), sessionId, commit.id(), text,
                    c.userId()));
            audit.success(c, "session.checkpoint", "session/" + sessionId, Map.of("checkpoint", cp.id(), "commit",
                    commit.id(), "changes", String.valueOf(commit.changes().size())));
            return cp;
        }
    }

    @Override
    public CheckpointRecord restore(Caller caller, String orgId, String sessionId, String checkpointId) {
        Caller c = access.in(caller, orgId, "session.restore");
        LiveSession l = running(c, sessionId, "session.restore");
        SessionRecord s = find(c, sessionId);
        CheckpointRecord cp = checkpointOf(c, checkpointId);
        SessionRecord from = sessions.find(c.orgId(), cp.sessionId()).orElseThrow(() -> StoreException.notFound(
                "checkpoint '" + checkpointId + "' not found in organisation '" + c.orgId() + "'"));
        if (!Objects.equals(from.projectId(), s.projectId()) || !Objects.equals(from.userId(), s.userId())
                || !Objects.equals(from.teamId(), s.teamId())) {
            throw StoreException.invalid("checkpoint " + cp.id() + " is of project '" + from.projectId() + "' of user '"
                    + from.userId() + "', not of this session's copy of project '" + s.projectId()
                    + "': restore it in a session of that project");
        }
        synchronized (l) {
            history().restore(l.workspace().storage(), l.ref(), l.workspace().projectDir(), cp.commitId());
            l.touched(clock.instant());
        }
        audit.success(c, "session.restore", "session/" + sessionId, Map.of("checkpoint", cp.id(), "commit",
                cp.commitId()));
        return cp;
    }

    @Override
    public Page<CheckpointRecord> checkpoints(Caller caller, String orgId, String sessionId, PageRequest page) {
        Caller c = access.in(caller, orgId, "session.checkpoints");
        SessionRecord s = readable(c, c.orgId(), sessionId, "session.checkpoints");
        return sessions.listCheckpoints(c.orgId(), s.id(), page == null ? PageRequest.first() : page);
    }

    @Override
    public Page<CheckpointRecord> projectCheckpoints(Caller caller, String orgId, String projectId,
            PageRequest page) {
        Caller c = access.in(caller, orgId, "project.checkpoints");
        Project project = tenancy.findProject(c.orgId(), StudioIds.require("project", projectId))
                .orElseThrow(() -> StoreException.notFound("project '" + projectId + "' not found in organisation '"
                        + c.orgId() + "'"));
        access.require(c, "project.checkpoints", "project/" + project.id(), Resource.SESSION, Operation.READ,
                Target.team(c.orgId(), project.teamId()));
        return sessions.listProjectCheckpoints(c.orgId(), project.id(), page == null ? PageRequest.first() : page);
    }

    @Override
    public Commit checkpointCommit(Caller caller, String orgId, String checkpointId) {
        Caller c = access.in(caller, orgId, "checkpoint.read");
        CheckpointRecord cp = checkpointOf(c, checkpointId);
        SessionRecord s = readable(c, c.orgId(), cp.sessionId(), "checkpoint.read");
        return history().commitInfo(storageOf(s), historyRef(s), cp.commitId());
    }

    @Override
    public String checkpointDiff(Caller caller, String orgId, String checkpointId) {
        Caller c = access.in(caller, orgId, "checkpoint.read");
        CheckpointRecord cp = checkpointOf(c, checkpointId);
        SessionRecord s = readable(c, c.orgId(), cp.sessionId(), "checkpoint.read");
        return history().diff(storageOf(s), historyRef(s), cp.commitId(), MAX_DIFF_BYTES);
    }

    @Override
    public List<SandboxPoolStatus> pools() {
        return pool.status();
    }

    /** Ends sessions whose time is up and writes the others back when due; called periodically. */
    void tick() {
        Instant now = clock.instant();
        for (Map.Entry<String, LiveSession> e : live.entrySet()) {
            LiveSession l = e.getValue();
            sessions.find(l.orgId(), e.getKey()).ifPresent(s -> {
                String why = settings.timeouts().expiry(s, l.lastActivity(), now);
                if (why != null) {
                    end(s, SessionState.STOPPED, why);
                } else if (!l.lastWriteBack().plus(settings.writeBackEvery()).isAfter(now)) {
                    try {
                        synchronized (l) {
                            writeBack(s.id(), l);
                        }
                    } catch (RuntimeException x) {
                        LOG.warn("session {}: scheduled write-back failed: {}", s.id(), x.getMessage());
                    }
                }
            });
        }
        pool.trim();
    }

    private void writeBack(String sessionId, LiveSession l) {
        String report = l.workspace().writeBack();
        l.writtenBack(clock.instant());
        LOG.debug("session {} written back: {}", sessionId, report);
    }

    private SessionRecord end(SessionRecord s, SessionState state, String why) {
        LiveSession l = live.remove(s.id());
        if (l != null) {
            boolean saved = true;
            synchronized (l) {
                try {
                    LOG.info("session {}: final write-back {}", s.id(), l.workspace().writeBack());
                } catch (RuntimeException e) {
                    saved = false;
                    LOG.error("session {}: the final write-back failed, its workspace is kept at {}: {}", s.id(),
                            l.sandbox().workspace(), e.getMessage());
                }
            }
            pool.release(l.sandbox(), saved);
            LOG.info("session {} of {} ended: {}", s.id(), s.orgId(), why);
        }
        return s.state().isFinal() ? s : sessions.updateState(s.orgId(), s.id(), state);
    }

    /** The session if the caller may read it. */
    private SessionRecord readable(Caller caller, String orgId, String sessionId, String action) {
        Caller c = access.in(caller, orgId, action);
        SessionRecord s = find(c, sessionId);
        access.require(c, action, target(s), Resource.SESSION, Operation.READ, ownedTarget(s));
        return s;
    }

    /** The live session if the caller may change it (its owner, SDD §5.2), recording activity. */
    private LiveSession running(Caller c, String sessionId, String action) {
        SessionRecord s = find(c, sessionId);
        access.require(c, action, target(s), Resource.SESSION, Operation.UPDATE, ownedTarget(s));
        LiveSession l = live.get(s.id());
        if (l == null || s.state().isFinal()) {
            throw gone(s, l == null);
        }
        if (l.touched(clock.instant())) {
            sessions.touch(c.orgId(), s.id());
        }
        return l;
    }

    private SessionWorkspace workspaceOf(SessionRecord s) {
        LiveSession l = live.get(s.id());
        if (l == null || s.state().isFinal()) {
            throw gone(s, l == null);
        }
        return l.workspace();
    }

    private static StoreException gone(SessionRecord s, boolean noSandbox) {
        return StoreException.conflict("session " + s.id() + " is " + s.state().name().toLowerCase()
                + (noSandbox && !s.state().isFinal() ? " but its sandbox is gone" : "")
                + ": open a new session on the project to continue from its last saved state");
    }

    private CheckpointRecord checkpointOf(Caller c, String checkpointId) {
        return sessions.findCheckpoint(c.orgId(), StudioIds.require("checkpoint", checkpointId)).orElseThrow(
                () -> StoreException.notFound("checkpoint '" + checkpointId + "' not found in organisation '"
                        + c.orgId() + "'"));
    }

    private String latestProjectCommit(LiveSession l) {
        List<CheckpointRecord> last = sessions.listProjectCheckpoints(l.orgId(), l.ref().projectId(),
                PageRequest.first()).items();
        for (CheckpointRecord cp : last) {
            SessionRecord from = sessions.find(l.orgId(), cp.sessionId()).orElse(null);
            // only the same user's copy of the project shares the repository
            if (from != null && from.userId().equals(l.ref().userId()) && from.teamId().equals(l.ref().teamId())) {
                return cp.commitId();
            }
        }
        return null;
    }

    private Commit.Author author(Caller c) {
        User u = tenancy.findUser(c.orgId(), c.userId()).orElse(null);
        if (u == null) {
            return new Commit.Author(c.actor(), c.userId() + "@" + c.orgId() + ".studio.invalid");
        }
        return new Commit.Author(u.displayName() == null || u.displayName().isBlank() ? u.id() : u.displayName(),
                u.email());
    }

    private PoolKey poolKey(SandboxDriver d, String orgId) {
        SandboxLimits.Limits l = limits.forOrg(orgId);
        return new PoolKey(d.id(), settings.image(), l.resources(), l.network());
    }

    private static HistoryRef historyRef(SessionRecord s) {
        return new HistoryRef(s.orgId(), s.teamId(), s.userId(), s.projectId(), s.id());
    }

    private WorkspaceHistory history() {
        WorkspaceHistory h = history.get();
        if (h == null) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE,
                    "checkpoints need the git history service: install the feature studio-git");
        }
        return h;
    }

    private StorageBackend storageOf(SessionRecord s) {
        LiveSession l = live.get(s.id());
        return l != null ? l.workspace().storage() : storage();
    }

    /** The configured driver, or the one registered when none is configured. */
    private SandboxDriver driver() {
        String id = settings.driverId();
        if (id != null && !id.isBlank()) {
            return drivers.get(id).orElseThrow(() -> new StoreException(StoreException.Kind.UNAVAILABLE,
                    "the sandbox driver '" + id + "' configured for sessions is not installed; install its feature"
                            + " or change 'driver' in io.coditect.studio.core.sessions"));
        }
        return drivers.all().stream().findFirst().orElseThrow(() -> new StoreException(
                StoreException.Kind.UNAVAILABLE, "no sandbox driver is installed; install studio-sandbox-process"));
    }

    /** The configured storage backend, or the one registered when none is configured. */
    private StorageBackend storage() {
        String id = settings.storageId();
        if (id != null && !id.isBlank()) {
            return storages.get(id).orElseThrow(() -> new StoreException(StoreException.Kind.UNAVAILABLE,
                    "the storage backend '" + id + "' configured for sessions is not installed; install its feature"
                            + " or change 'storage' in io.coditect.studio.core.sessions"));
        }
        return storages.all().stream().findFirst().orElseThrow(() -> new StoreException(
                StoreException.Kind.UNAVAILABLE, "no storage backend is installed; install studio-storage-local"));
    }

    private SessionRecord find(Caller c, String sessionId) {
        return sessions.find(c.orgId(), StudioIds.require("session", sessionId)).orElseThrow(
                () -> StoreException.notFound("session '" + sessionId + "' not found in organisation '" + c.orgId()
                        + "'"));
    }

    private static Target ownedTarget(SessionRecord s) {
        return Target.owned(s.orgId(), s.teamId(), s.userId());
    }

    private static String target(SessionRecord s) {
        return "session/" + s.id();
    }

    private void discard(Sandbox sandbox) {
        pool.release(sandbox, true);
    }

    @Override
    public void close() {
        pool.close();
        for (String id : live.keySet()) {
            LiveSession l = live.get(id);
            if (l != null) {
                sessions.find(l.orgId(), id).ifPresentOrElse(s -> {
                    try {
                        end(s, SessionState.STOPPED, "the studio is stopping");
                    } catch (RuntimeException e) {
                        LOG.warn("session {}: cannot record its stop: {}", id, e.getMessage());
                    }
                }, () -> {
                    LiveSession gone = live.remove(id);
                    if (gone != null) {
                        discard(gone.sandbox());
                    }
                });
            }
        }
    }
}
