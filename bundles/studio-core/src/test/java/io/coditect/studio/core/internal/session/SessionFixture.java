package io.coditect.studio.core.internal.session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.After;
import org.junit.Before;

import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.WorkspaceHistory;
import io.coditect.studio.core.internal.egress.EgressFilters;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;
import io.coditect.studio.core.internal.tenancy.TenancyFixture;
import io.coditect.studio.persistence.testing.MutableClock;
import io.coditect.studio.security.internal.rbac.RbacPolicy;
import io.coditect.studio.storage.local.internal.LocalStorage;

/** A session manager on the real database, policy and local storage, with the echo sandbox driver. */
public abstract class SessionFixture extends TenancyFixture {

    protected final EchoDriver driver = new EchoDriver();
    protected final MutableClock clock = new MutableClock(Instant.now());
    protected SessionManager sessions;
    protected Path workspaces;

    protected final ExecutorService io = Executors.newFixedThreadPool(4);
    protected final SandboxLimits limits = new SandboxLimits();
    protected volatile WorkspaceHistory history;
    protected LocalStorage storage;
    protected EgressFilters egress;

    @Before
    public void openSessions() throws Exception {
        workspaces = Files.createTempDirectory("sessions");
        egress = new EgressFilters();
        storage = new LocalStorage(Files.createTempDirectory("storage"));
        sessions = manager(new SandboxPool.Settings(0, 0, Duration.ofMinutes(10)));
    }

    protected SessionManager manager(SandboxPool.Settings pool) {
        AuditTrail trail = new AuditTrail(db.audit());
        return new SessionManager(new SessionManager.Services(db.sessions(), store, driver, new OneStorage(storage),
                () -> history, limits, egress, new Access(store, trail, db.transactions(), new RbacPolicy()), trail), clock, io,
                new SessionManager.Settings(workspaces, "", "", null, SessionTimeouts.DEFAULTS, Duration.ofMinutes(5),
                        pool));
    }

    @After
    public void closeSessions() {
        sessions.close();
        egress.close();
        io.shutdownNow();
    }

    protected String run(SessionRecord s, String who, String... argv) {
        StringBuilder out = new StringBuilder();
        sessions.exec(caller("acme", who), "acme", s.id(), ExecRequest.of(argv), new ExecListener() {
            @Override
            public void onOutput(Stream stream, byte[] chunk) {
                out.append(new String(chunk, StandardCharsets.UTF_8));
            }

            @Override
            public void onExit(ExecResult result) {
                out.append(" -> ").append(result.exitCode());
            }
        });
        return out.toString();
    }

}
