package io.coditect.studio.core.internal.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.core.internal.tenancy.Access;

/**
 * Open sessions and their sandboxes. A sandbox lives only in this node's memory: a session recorded
 * as running whose sandbox is gone (after a restart) answers CONFLICT to commands and can be
 * stopped; its work since the last write-back is lost, as SDD §2.2 allows for ephemeral sandboxes.
 */
public final class SessionManager implements SessionService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    /** What the manager needs from its surroundings. */
    public record Settings(Path workspaces, String driverId, SessionTimeouts timeouts) {
        public Settings {
            Objects.requireNonNull(workspaces, "workspaces");
            timeouts = timeouts == null ? SessionTimeouts.DEFAULTS : timeouts;
        }
    }

    private final SessionStore sessions;
    private final TenancyStore tenancy;
    private final SandboxRegistry drivers;
    private final Access access;
    private final Clock clock;
    private volatile Settings settings;
    private final Map<String, Live> live = new ConcurrentHashMap<>();

    private record Live(String orgId, Sandbox sandbox, Instant lastActivity) {
        Live touched(Instant at) {
            return new Live(orgId, sandbox, at);
        }
    }

    public SessionManager(SessionStore sessions, TenancyStore tenancy, SandboxRegistry drivers, Access access,
            Clock clock, Settings settings) {
        this.sessions = sessions;
        this.tenancy = tenancy;
        this.drivers = drivers;
        this.access = access;
        this.clock = clock;
        this.settings = settings;
    }

    void update(Settings newSettings) {
        this.settings = newSettings;
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
        SessionRecord record = sessions.create(SessionRecord.of(c.orgId(), project.teamId(), c.userId(), project.id(),
                kind == null ? SessionKind.INTERACTIVE : kind, title));
        try {
            Path workspace = Files.createDirectories(settings.workspaces().resolve(c.orgId()).resolve(record.id()));
            Sandbox sandbox = driver.create(SandboxSpec.of(workspace, null));
            live.put(record.id(), new Live(c.orgId(), sandbox, clock.instant()));
            return sessions.updateState(c.orgId(), record.id(), SessionState.RUNNING);
        } catch (IOException | SandboxException e) {
            sessions.updateState(c.orgId(), record.id(), SessionState.FAILED);
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "the sandbox of session " + record.id()
                    + " could not start with driver '" + driver.id() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public SessionRecord session(Caller caller, String orgId, String sessionId) {
        Caller c = access.in(caller, orgId, "session.read");
        SessionRecord s = find(c, sessionId);
        access.require(c, "session.read", target(s), Resource.SESSION, Operation.READ, ownedTarget(s));
        return s;
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
        SessionRecord s = find(c, sessionId);
        access.require(c, "session.exec", target(s), Resource.SESSION, Operation.UPDATE, ownedTarget(s));
        Live l = live.get(s.id());
        if (l == null || s.state().isFinal()) {
            throw StoreException.conflict("session " + s.id() + " is " + s.state().name().toLowerCase()
                    + (l == null && !s.state().isFinal() ? " but its sandbox is gone" : "")
                    + ": open a new session to run commands");
        }
        Instant now = clock.instant();
        live.computeIfPresent(s.id(), (id, x) -> x.touched(now));
        sessions.touch(c.orgId(), s.id());
        return l.sandbox().exec(request, listener);
    }

    /** Ends sessions whose time is up; called periodically. */
    void reap() {
        Instant now = clock.instant();
        for (Map.Entry<String, Live> e : live.entrySet()) {
            sessions.find(e.getValue().orgId(), e.getKey()).ifPresent(s -> {
                String why = settings.timeouts().expiry(s, e.getValue().lastActivity(), now);
                if (why != null) {
                    end(s, SessionState.STOPPED, why);
                }
            });
        }
    }

    private SessionRecord end(SessionRecord s, SessionState state, String why) {
        Live l = live.remove(s.id());
        if (l != null) {
            try {
                l.sandbox().close();
            } catch (Exception e) {
                LOG.warn("session {}: stopping its sandbox failed: {}", s.id(), e.getMessage());
            }
            LOG.info("session {} of {} ended: {}", s.id(), s.orgId(), why);
        }
        return s.state().isFinal() ? s : sessions.updateState(s.orgId(), s.id(), state);
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

    @Override
    public void close() {
        for (String id : live.keySet()) {
            Live l = live.remove(id);
            if (l != null) {
                try {
                    l.sandbox().close();
                } catch (Exception e) {
                    LOG.warn("session {}: stopping its sandbox failed: {}", id, e.getMessage());
                }
                try {
                    sessions.updateState(l.orgId(), id, SessionState.STOPPED);
                } catch (RuntimeException e) {
                    LOG.warn("session {}: cannot record its stop: {}", id, e.getMessage());
                }
            }
        }
    }
}
