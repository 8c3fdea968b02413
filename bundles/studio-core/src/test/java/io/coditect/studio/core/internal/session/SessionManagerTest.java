package io.coditect.studio.core.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Test;

import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;

/** The session service's tenant, role and lifetime rules on the real database and policy. */
public class SessionManagerTest extends SessionFixture {

    @Test
    public void aDeveloperOpensRunsAndStopsASessionInAWorkspaceOfItsOwn() {
        SessionRecord s = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, "fix bug");
        assertEquals(SessionState.RUNNING, s.state());
        assertEquals("dev", s.userId());
        assertEquals("web", s.teamId());
        assertTrue(driver.created.get(0).workspace.startsWith(workspaces.resolve("pool")));
        assertEquals("echo hi -> 0", run(s, "dev", "echo", "hi"));

        SessionRecord stopped = sessions.stop(caller("acme", "dev"), "acme", s.id());
        assertEquals(SessionState.STOPPED, stopped.state());
        assertFalse(driver.created.get(0).running);
        StoreException e = assertThrows(StoreException.class, () -> run(s, "dev", "ls"));
        assertEquals(StoreException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("is stopped"));
    }

    @Test
    public void aStoppedSessionResumesInANewSandboxWithItsWorkspace() throws Exception {
        SessionRecord s = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, "resume me");
        sessions.writeFile(caller("acme", "dev"), "acme", s.id(), "project/kept.txt",
                new java.io.ByteArrayInputStream("kept".getBytes(StandardCharsets.UTF_8)));
        sessions.stop(caller("acme", "dev"), "acme", s.id());
        // others may not bring it back; the owner may, once
        assertThrows(AccessDeniedException.class, () -> sessions.resume(caller("acme", "ana"), "acme", s.id()));
        assertThrows(AccessDeniedException.class, () -> sessions.resume(caller("acme", "lee"), "acme", s.id()));
        SessionRecord resumed = sessions.resume(caller("acme", "dev"), "acme", s.id());
        assertEquals(s.id(), resumed.id());
        assertEquals(SessionState.RUNNING, resumed.state());
        assertEquals(null, resumed.endedAt());
        assertEquals(2, driver.created.size());
        assertEquals(SessionState.RUNNING, sessions.resume(caller("acme", "dev"), "acme", s.id()).state());
        assertEquals("resuming a running session starts nothing", 2, driver.created.size());
        try (java.io.InputStream in = sessions.readFile(caller("acme", "dev"), "acme", s.id(), "project/kept.txt")) {
            assertEquals("kept", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("echo back -> 0", run(s, "dev", "echo", "back"));
        assertEquals(1, audit("acme", "session.resume").stream().filter(a -> a.outcome() == AuditOutcome.SUCCESS)
                .count());
        assertEquals(2, audit("acme", "session.resume").stream().filter(a -> a.outcome() == AuditOutcome.DENIED)
                .count());

        SessionRecord batch = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.BATCH, null);
        sessions.stop(caller("acme", "dev"), "acme", batch.id());
        StoreException e = assertThrows(StoreException.class,
                () -> sessions.resume(caller("acme", "dev"), "acme", batch.id()));
        assertEquals(StoreException.Kind.CONFLICT, e.kind());
    }

    @Test
    public void rolesDecideWhoOpensRunsAndStops() {
        // analysts read but do not open; developers of another team cannot open in this one
        assertThrows(AccessDeniedException.class,
                () -> sessions.open(caller("acme", "ana"), "acme", "site", SessionKind.INTERACTIVE, null));
        assertThrows(AccessDeniedException.class,
                () -> sessions.open(caller("acme", "otto"), "acme", "site", SessionKind.INTERACTIVE, null));
        SessionRecord s = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.BATCH, null);
        assertEquals(s, sessions.session(caller("acme", "ana"), "acme", s.id()));
        // only the owner runs commands, even a Team Admin does not
        assertThrows(AccessDeniedException.class, () -> run(s, "tara", "ls"));
        assertThrows(AccessDeniedException.class, () -> sessions.stop(caller("acme", "lee"), "acme", s.id()));
        // a Team Admin may end anybody's session in the team
        assertEquals(SessionState.STOPPED, sessions.stop(caller("acme", "tara"), "acme", s.id()).state());
        assertTrue(audit("acme", "session.exec").stream().anyMatch(a -> a.outcome() == AuditOutcome.DENIED));
    }

    @Test
    public void anotherOrganisationsSessionsAreNotFound() {
        SessionRecord s = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, null);
        var gus = caller("globex", "gus");
        for (Runnable attempt : List.<Runnable>of(() -> sessions.session(gus, "globex", s.id()),
                () -> sessions.session(gus, "acme", s.id()), () -> sessions.stop(gus, "globex", s.id()),
                () -> sessions.list(gus, "acme", SessionFilter.ALL, PageRequest.first()),
                () -> sessions.exec(gus, "globex", s.id(), ExecRequest.of("ls"), null),
                () -> sessions.open(gus, "globex", "site", SessionKind.INTERACTIVE, null))) {
            StoreException e = assertThrows(StoreException.class, attempt::run);
            assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
        }
        assertEquals(0, sessions.list(gus, "globex", SessionFilter.ALL, PageRequest.first()).total());
        assertTrue(driver.created.get(0).running);
    }

    @Test
    public void aSandboxThatCannotStartLeavesAFailedSessionAndSaysWhy() {
        driver.failing = true;
        StoreException e = assertThrows(StoreException.class,
                () -> sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, null));
        assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("bubblewrap is not installed"));
        SessionRecord failed = sessions.list(caller("acme", "dev"), "acme", SessionFilter.ALL, PageRequest.first())
                .items().get(0);
        assertEquals(SessionState.FAILED, failed.state());
    }

    @Test
    public void idleInteractiveSessionsEndAndPersistentOnesAtTheirMaximumAge() {
        SessionRecord interactive = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE,
                null);
        SessionRecord persistent = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.PERSISTENT, null);
        clock.advance(Duration.ofMinutes(20));
        run(interactive, "dev", "ls");
        clock.advance(Duration.ofMinutes(20));
        sessions.tick();
        assertEquals(SessionState.RUNNING, sessions.session(caller("acme", "dev"), "acme", interactive.id()).state());
        clock.advance(Duration.ofMinutes(11));
        sessions.tick();
        assertEquals(SessionState.STOPPED, sessions.session(caller("acme", "dev"), "acme", interactive.id()).state());
        assertEquals(SessionState.RUNNING, sessions.session(caller("acme", "dev"), "acme", persistent.id()).state());
        // the store keeps its own clock (the wall clock): move this one past 24 h of it
        clock.set(Instant.now().plus(Duration.ofHours(25)));
        sessions.tick();
        assertEquals(SessionState.STOPPED, sessions.session(caller("acme", "dev"), "acme", persistent.id()).state());
    }
}
