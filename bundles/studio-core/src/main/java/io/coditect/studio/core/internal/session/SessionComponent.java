package io.coditect.studio.core.internal.session;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;

/** The session service in OSGi, with its idle/age reaper and configuration. */
@Component(service = SessionService.class, immediate = true, configurationPid = SessionComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SessionComponent.Config.class)
public final class SessionComponent implements SessionService {

    static final String PID = "io.coditect.studio.core.sessions";

    @ObjectClassDefinition(id = PID, name = "CODITECT Studio: sessions",
            description = "Where session workspaces live, which sandbox driver runs them and when they end.")
    public @interface Config {

        @AttributeDefinition(name = "Sandbox driver", required = false,
                description = "Id of the sandbox driver for new sessions (process, docker …); empty: the one installed.")
        String driver() default "";

        @AttributeDefinition(name = "Workspaces", required = false,
                description = "Folder of the session workspaces; empty: ${karaf.data}/workspaces.")
        String workspaces() default "";

        @AttributeDefinition(name = "Interactive idle timeout (minutes)", min = "1")
        int interactiveIdleMinutes() default 30;

        @AttributeDefinition(name = "Maximum session age (hours)", min = "1")
        int maxAgeHours() default 24;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SessionComponent.class);

    private final SessionManager manager;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "studio-session-reaper");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public SessionComponent(Config config, @Reference(name = "sessions") SessionStore sessions,
            @Reference(name = "tenancy") TenancyStore tenancy, @Reference(name = "audit") AuditLog audit,
            @Reference(name = "transactions") Transactions transactions,
            @Reference(name = "policy") AccessPolicy policy, @Reference(name = "drivers") SandboxRegistry drivers) {
        this.manager = new SessionManager(sessions, tenancy, drivers,
                new Access(tenancy, new AuditTrail(audit), transactions, policy), Clock.systemUTC(), settings(config));
        reaper.scheduleWithFixedDelay(this::reap, 30, 30, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Config config) {
        manager.update(settings(config));
    }

    private void reap() {
        try {
            manager.reap();
        } catch (RuntimeException e) {
            LOG.warn("ending expired sessions failed: {}", e.getMessage());
        }
    }

    static SessionManager.Settings settings(Config config) {
        Path workspaces = config.workspaces().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "workspaces")
                : Paths.get(config.workspaces());
        return new SessionManager.Settings(workspaces, config.driver(), new SessionTimeouts(
                Duration.ofMinutes(config.interactiveIdleMinutes()), Duration.ofHours(config.maxAgeHours())));
    }

    @Deactivate
    void deactivate() {
        reaper.shutdownNow();
        manager.close();
    }

    @Override
    public SessionRecord open(Caller caller, String orgId, String projectId, SessionKind kind, String title) {
        return manager.open(caller, orgId, projectId, kind, title);
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
    public SessionRecord stop(Caller caller, String orgId, String sessionId) {
        return manager.stop(caller, orgId, sessionId);
    }

    @Override
    public ExecHandle exec(Caller caller, String orgId, String sessionId, ExecRequest request, ExecListener listener) {
        return manager.exec(caller, orgId, sessionId, request, listener);
    }
}
