package io.coditect.studio.core.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.session.WorkspaceEntry;
import io.coditect.studio.api.session.WorkspaceHistory;
import io.coditect.studio.api.session.WorkspaceListing;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.core.internal.egress.EgressFilters;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;

/** The session service in OSGi, with its reaper, write-back schedule, warm pool and configuration. */
@Component(service = SessionService.class, immediate = true, configurationPid = SessionComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SessionComponent.Config.class)
public final class SessionComponent implements SessionService {

    static final String PID = "io.coditect.studio.core.sessions";

    @ObjectClassDefinition(id = PID, name = "CODITECT Studio: sessions",
            description = "Where session workspaces live, which sandbox driver and storage they use, their warm"
                    + " pool and when they end. Sandbox limits: io.coditect.studio.core.sandboxlimits.")
    public @interface Config {

        @AttributeDefinition(name = "Sandbox driver", required = false,
                description = "Id of the sandbox driver for new sessions (process, docker …); empty: the one installed.")
        String driver() default "";

        @AttributeDefinition(name = "Storage backend", required = false,
                description = "Id of the storage backend holding homes, projects and histories; empty: the one"
                        + " installed.")
        String storage() default "";

        @AttributeDefinition(name = "Image", required = false,
                description = "Image (docker) or rootfs (process) of session sandboxes; empty: the driver's default.")
        String image() default "";

        @AttributeDefinition(name = "Workspaces", required = false,
                description = "Folder of the session workspaces; empty: ${karaf.data}/workspaces.")
        String workspaces() default "";

        @AttributeDefinition(name = "Interactive idle timeout (minutes)", min = "1")
        int interactiveIdleMinutes() default 30;

        @AttributeDefinition(name = "Maximum session age (hours)", min = "1")
        int maxAgeHours() default 24;

        @AttributeDefinition(name = "Write-back interval (minutes)", min = "1",
                description = "How often a running session's workspace is written back to storage.")
        int writeBackMinutes() default 5;

        @AttributeDefinition(name = "Warm pool: sandboxes kept ready at least", min = "0")
        int poolMinIdle() default 2;

        @AttributeDefinition(name = "Warm pool: sandboxes kept ready at most", min = "0",
                description = "0 turns the warm pool off.")
        int poolMaxIdle() default 8;

        @AttributeDefinition(name = "Warm pool: idle time before an extra sandbox is stopped (minutes)", min = "1")
        int poolIdleMinutes() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SessionComponent.class);

    private final SessionManager manager;
    private final ExecutorService io = Executors.newFixedThreadPool(8, threads("studio-workspace-io"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            threads("studio-session-reaper"));
    private final EgressFilters egress;
    private volatile WorkspaceHistory history;

    @Activate
    public SessionComponent(Config config, @Reference(name = "sessions") SessionStore sessions,
            @Reference(name = "tenancy") TenancyStore tenancy, @Reference(name = "audit") AuditLog audit,
            @Reference(name = "transactions") Transactions transactions,
            @Reference(name = "policy") AccessPolicy policy, @Reference(name = "drivers") SandboxRegistry drivers,
            @Reference(name = "storage") StorageRegistry storage, @Reference(name = "limits") SandboxLimits limits) {
        AuditTrail trail = new AuditTrail(audit);
        try {
            this.egress = new EgressFilters();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the folder of the sandboxes' egress filters: "
                    + e.getMessage(), e);
        }
        this.manager = new SessionManager(new SessionManager.Services(sessions, tenancy, drivers, storage,
                () -> history, limits, egress, new Access(tenancy, trail, transactions, policy), trail),
                Clock.systemUTC(), io, settings(config));
        ticker.scheduleWithFixedDelay(this::tick, 30, 30, TimeUnit.SECONDS);
        ticker.schedule(manager::warmDefaultPool, 2, TimeUnit.SECONDS);
    }

    @Reference(name = "history", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHistory(WorkspaceHistory h) {
        this.history = h;
    }

    void unbindHistory(WorkspaceHistory h) {
        if (this.history == h) {
            this.history = null;
        }
    }

    @Modified
    void modified(Config config) {
        manager.update(settings(config));
        ticker.execute(manager::warmDefaultPool);
    }

    private void tick() {
        try {
            manager.tick();
        } catch (RuntimeException e) {
            LOG.warn("session housekeeping failed: {}", e.getMessage());
        }
    }

    static SessionManager.Settings settings(Config config) {
        Path workspaces = config.workspaces().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "workspaces")
                : Paths.get(config.workspaces());
        return new SessionManager.Settings(workspaces, config.driver(), config.storage(), config.image(),
                new SessionTimeouts(Duration.ofMinutes(config.interactiveIdleMinutes()),
                        Duration.ofHours(config.maxAgeHours())),
                Duration.ofMinutes(config.writeBackMinutes()), new SandboxPool.Settings(config.poolMinIdle(),
                        config.poolMaxIdle(), Duration.ofMinutes(config.poolIdleMinutes())));
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        manager.close();
        egress.close();
        io.shutdownNow();
    }

    @Override
    public SessionRecord open(Caller caller, String orgId, String projectId, SessionKind kind, String title) {
        return manager.open(caller, orgId, projectId, kind, title);
    }

    @Override
    public SessionRecord runTask(Caller caller, String orgId, String projectId, ExecRequest task, String title) {
        return manager.runTask(caller, orgId, projectId, task, title);
    }

    @Override
    public InputStream taskLog(Caller caller, String orgId, String sessionId) {
        return manager.taskLog(caller, orgId, sessionId);
    }

    @Override
    public SessionRecord session(Caller caller, String orgId, String sessionId) {
        return manager.session(caller, orgId, sessionId);
    }

    @Override
    public Page<SessionRecord> list(Caller caller, String orgId, SessionFilter filter, PageRequest page) {
        return manager.list(caller, orgId, filter, page);
    }

    @Override
    public SessionRecord resume(Caller caller, String orgId, String sessionId) {
        return manager.resume(caller, orgId, sessionId);
    }

    @Override
    public SessionRecord stop(Caller caller, String orgId, String sessionId) {
        return manager.stop(caller, orgId, sessionId);
    }

    @Override
    public ExecHandle exec(Caller caller, String orgId, String sessionId, ExecRequest request, ExecListener listener) {
        return manager.exec(caller, orgId, sessionId, request, listener);
    }

    @Override
    public WorkspaceListing files(Caller caller, String orgId, String sessionId, String path, boolean recursive,
            int limit) {
        return manager.files(caller, orgId, sessionId, path, recursive, limit);
    }

    @Override
    public InputStream readFile(Caller caller, String orgId, String sessionId, String path) {
        return manager.readFile(caller, orgId, sessionId, path);
    }

    @Override
    public WorkspaceEntry writeFile(Caller caller, String orgId, String sessionId, String path, InputStream content) {
        return manager.writeFile(caller, orgId, sessionId, path, content);
    }

    @Override
    public boolean deleteFile(Caller caller, String orgId, String sessionId, String path) {
        return manager.deleteFile(caller, orgId, sessionId, path);
    }

    @Override
    public CheckpointRecord checkpoint(Caller caller, String orgId, String sessionId, String message,
            boolean allowEmpty) {
        return manager.checkpoint(caller, orgId, sessionId, message, allowEmpty);
    }

    @Override
    public CheckpointRecord restore(Caller caller, String orgId, String sessionId, String checkpointId) {
        return manager.restore(caller, orgId, sessionId, checkpointId);
    }

    @Override
    public Page<CheckpointRecord> checkpoints(Caller caller, String orgId, String sessionId, PageRequest page) {
        return manager.checkpoints(caller, orgId, sessionId, page);
    }

    @Override
    public Page<CheckpointRecord> projectCheckpoints(Caller caller, String orgId, String projectId,
            PageRequest page) {
        return manager.projectCheckpoints(caller, orgId, projectId, page);
    }

    @Override
    public Commit checkpointCommit(Caller caller, String orgId, String checkpointId) {
        return manager.checkpointCommit(caller, orgId, checkpointId);
    }

    @Override
    public String checkpointDiff(Caller caller, String orgId, String checkpointId) {
        return manager.checkpointDiff(caller, orgId, checkpointId);
    }

    @Override
    public List<SandboxPoolStatus> pools() {
        return manager.pools();
    }
}
