package io.coditect.studio.core.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;

import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.session.WorkspaceEntry;
import io.coditect.studio.api.storage.StorageLayout;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.core.internal.egress.EgressPolicy;

/** Workspaces: loaded from storage, read and written through the service, written back, pooled. */
public class SessionWorkspaceTest extends SessionFixture {

    private static final StoragePath HOME = StorageLayout.userHome("acme", "web", "dev");
    private static final StoragePath SITE = StorageLayout.project("acme", "web", "dev", "site");

    private void put(StoragePath key, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        storage.put(key, new ByteArrayInputStream(b), b.length, WriteCondition.NONE);
    }

    private String stored(StoragePath key) throws IOException {
        try (StorageObject o = storage.get(key)) {
            return new String(o.content().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String read(SessionRecord s, String who, String path) throws IOException {
        try (InputStream in = sessions.readFile(caller("acme", who), "acme", s.id(), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private WorkspaceEntry write(SessionRecord s, String who, String path, String text) {
        return sessions.writeFile(caller("acme", who), "acme", s.id(), path,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private SessionRecord open() {
        return sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, null);
    }

    private Path workspace(int sandbox) {
        return driver.created.get(sandbox).workspace;
    }

    @Test
    public void homeAndProjectAreLoadedFromStorageAndWrittenBackWhenTheSessionStops() throws IOException {
        put(HOME.resolve(".bashrc"), "alias ll='ls -l'\n");
        put(SITE.resolve("README.md"), "# Site\n");
        put(SITE.resolve("src/main.js"), "console.log(1)\n");
        put(SITE.resolve("old.txt"), "to be removed\n");
        SessionRecord s = open();
        Path ws = workspace(0);
        assertEquals("alias ll='ls -l'\n", Files.readString(ws.resolve(".bashrc")));
        assertEquals("# Site\n", read(s, "dev", "project/README.md"));
        assertEquals(List.of(".bashrc", "project", "project/README.md", "project/old.txt", "project/src",
                "project/src/main.js"), sessions.files(caller("acme", "dev"), "acme", s.id(), "", true, 100).entries()
                .stream().map(WorkspaceEntry::path).toList());

        // changes through the service and straight in the sandbox's folder
        write(s, "dev", "project/src/util.js", "export {}\n");
        Files.writeString(ws.resolve("project/README.md"), "# Site, edited\n");
        Files.writeString(ws.resolve("notes.txt"), "home note\n");
        assertTrue(sessions.deleteFile(caller("acme", "dev"), "acme", s.id(), "project/old.txt"));
        sessions.stop(caller("acme", "dev"), "acme", s.id());

        assertEquals("export {}\n", stored(SITE.resolve("src/util.js")));
        assertEquals("# Site, edited\n", stored(SITE.resolve("README.md")));
        assertEquals("home note\n", stored(HOME.resolve("notes.txt")));
        assertFalse(storage.stat(SITE.resolve("old.txt")).isPresent());
        assertFalse("the project is not kept twice", storage.stat(HOME.resolve("project/README.md")).isPresent());
        assertFalse("the ephemeral workspace is removed", Files.exists(ws));

        SessionRecord next = open();
        assertEquals("# Site, edited\n", read(next, "dev", "project/README.md"));
        assertEquals("home note\n", read(next, "dev", "notes.txt"));
    }

    @Test
    public void aLostSandboxLosesOnlyTheWorkSinceTheLastWriteBack() throws IOException {
        SessionRecord s = open();
        write(s, "dev", "project/saved.txt", "kept");
        clock.advance(Duration.ofMinutes(5));
        sessions.tick(); // the scheduled write-back
        write(s, "dev", "project/unsaved.txt", "lost");

        // the node dies: a new manager over the same database and storage, the old one never closed
        SessionManager restarted = manager(new SandboxPool.Settings(0, 0, Duration.ofMinutes(10)));
        SessionManager crashed = sessions;
        sessions = restarted;
        try {
            StoreException e = assertThrows(StoreException.class, () -> write(s, "dev", "project/x", "x"));
            assertEquals(StoreException.Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("its sandbox is gone"));
            SessionRecord next = open();
            assertEquals("kept", read(next, "dev", "project/saved.txt"));
            assertThrows(StoreException.class, () -> read(next, "dev", "project/unsaved.txt"));
        } finally {
            driver.created.get(0).stop();
            crashed.hashCode(); // dropped without close(), as a crash would
        }
    }

    @Test
    public void pathsOutsideTheWorkspaceAreRefused() throws IOException {
        SessionRecord s = open();
        Path ws = workspace(0);
        Files.createSymbolicLink(ws.resolve("etc"), Path.of("/etc"));
        for (String bad : List.of("../x", "project/../../x", "a\\b", "etc/passwd", "etc")) {
            StoreException e = assertThrows(bad, StoreException.class, () -> read(s, "dev", bad));
            assertEquals(bad, StoreException.Kind.INVALID, e.kind());
        }
        StoreException e = assertThrows(StoreException.class, () -> write(s, "dev", "etc/evil", "x"));
        assertEquals(StoreException.Kind.INVALID, e.kind());
        assertFalse(Files.exists(Path.of("/etc/evil")));
        // a leading slash names the workspace root, not the host's
        assertEquals(StoreException.Kind.NOT_FOUND,
                assertThrows(StoreException.class, () -> read(s, "dev", "/passwd")).kind());
    }

    @Test
    public void everybodyInTheOrganisationReadsOnlyTheOwnerWrites() throws IOException {
        SessionRecord s = open();
        write(s, "dev", "project/a.txt", "A");
        assertEquals("A", read(s, "ana", "project/a.txt"));
        assertEquals(1, sessions.files(caller("acme", "ana"), "acme", s.id(), "project", false, 10).entries().size());
        assertThrows(AccessDeniedException.class, () -> write(s, "ana", "project/a.txt", "B"));
        assertThrows(AccessDeniedException.class, () -> write(s, "tara", "project/a.txt", "B"));
        assertThrows(AccessDeniedException.class,
                () -> sessions.deleteFile(caller("acme", "ana"), "acme", s.id(), "project/a.txt"));
        assertEquals(StoreException.Kind.NOT_FOUND, assertThrows(StoreException.class,
                () -> sessions.files(caller("globex", "gus"), "globex", s.id(), "", true, 10)).kind());
        assertEquals("A", read(s, "dev", "project/a.txt"));
    }

    @Test
    public void aListingStopsAtItsLimitAndSaysSo() {
        SessionRecord s = open();
        for (int i = 0; i < 5; i++) {
            write(s, "dev", "project/f" + i, "x");
        }
        var listing = sessions.files(caller("acme", "dev"), "acme", s.id(), "project", true, 3);
        assertEquals(3, listing.entries().size());
        assertTrue(listing.truncated());
        assertFalse(sessions.files(caller("acme", "dev"), "acme", s.id(), "project", true, 5).truncated());
    }

    @Test
    public void organisationLimitsReplaceTheDefaultForItsSandboxes() {
        ResourceLimits small = new ResourceLimits(500, 512L << 20, 1L << 30, 64);
        limits.put("pid-1", "acme", new SandboxLimits.Limits(small, NetworkPolicy.NONE));
        open();
        assertEquals(small, driver.created.get(0).spec.limits());
        limits.remove("pid-1");
        open();
        assertEquals(ResourceLimits.DEFAULT, driver.created.get(1).spec.limits());
    }

    @Test
    public void aFilteredSandboxGetsAnEgressFilterWithItsOrganisationsPolicy() throws IOException {
        limits.put("pid-2", "acme", new SandboxLimits.Limits(ResourceLimits.DEFAULT, NetworkPolicy.FILTERED,
                new EgressPolicy(List.of("pypi.org"), java.util.Set.of(443),
                        false)));
        SessionRecord s = open();
        var mount = driver.created.get(0).spec.mounts().stream()
                .filter(m -> m.sandboxPath().equals(SandboxSpec.EGRESS_SOCKET))
                .findFirst().orElseThrow();
        String answer;
        try (var c = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            c.connect(java.net.UnixDomainSocketAddress.of(mount.hostPath()));
            c.write(java.nio.ByteBuffer.wrap("CONNECT github.com:443 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            answer = new String(java.nio.channels.Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer, answer.startsWith("HTTP/1.1 403") && answer.contains("not on the allow list"));
        sessions.stop(caller("acme", "dev"), "acme", s.id());
        assertFalse("the filter closes with its sandbox", Files.exists(mount.hostPath()));
    }

    @Test
    public void aWarmPoolHandsOutPreCreatedSandboxesAndRefillsItself() throws InterruptedException {
        sessions.close();
        sessions = manager(new SandboxPool.Settings(2, 4, Duration.ofMinutes(10)));
        sessions.warmDefaultPool();
        awaitIdle(2);
        SessionRecord s = open();
        SandboxPoolStatus st = sessions.pools().get(0);
        assertEquals(1, st.hits());
        assertEquals(0, st.misses());
        assertEquals("echo", st.driverId());
        awaitIdle(2);
        assertEquals(3, driver.created.size());
        assertTrue(driver.created.stream().anyMatch(c -> c.workspace.equals(workspace(0))));
        sessions.stop(caller("acme", "dev"), "acme", s.id());
        sessions.close();
        assertTrue("closing stops the idle ones", driver.created.stream().noneMatch(c -> c.running));
    }

    private void awaitIdle(int n) throws InterruptedException {
        for (int i = 0; i < 500 && (sessions.pools().isEmpty() || sessions.pools().get(0).idle() < n); i++) {
            Thread.sleep(10);
        }
        assertEquals(n, sessions.pools().get(0).idle());
    }

    @Test
    public void aBatchSessionRunsItsTaskKeepsItsLogAndEndsWithIt() throws Exception {
        SessionRecord ok = sessions.runTask(caller("acme", "dev"), "acme", "site",
                ExecRequest.of("make", "test"), "nightly");
        assertEquals(SessionKind.BATCH, ok.kind());
        SessionRecord failing = sessions.runTask(caller("acme", "dev"), "acme", "site",
                ExecRequest.of("false"), null);
        assertEquals(SessionState.STOPPED, awaitEnd(ok).state());
        assertEquals(SessionState.FAILED, awaitEnd(failing).state());
        try (InputStream in = sessions.taskLog(caller("acme", "ana"), "acme", ok.id())) {
            String log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(log, log.startsWith("make test") && log.contains("[task exited 0"));
        }
        assertTrue(storage.stat(StorageLayout.sessionLogs("acme", ok.id()).child("task.log")).isPresent());
        assertThrows(AccessDeniedException.class, () -> sessions.runTask(caller("acme", "ana"), "acme", "site",
                ExecRequest.of("ls"), null));
        SessionRecord interactive = open();
        assertEquals(StoreException.Kind.NOT_FOUND, assertThrows(StoreException.class,
                () -> sessions.taskLog(caller("acme", "dev"), "acme", interactive.id())).kind());
    }

    private SessionRecord awaitEnd(SessionRecord s) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            SessionRecord now = sessions.session(caller("acme", "dev"), "acme", s.id());
            if (now.state().isFinal()) {
                return now;
            }
            Thread.sleep(10);
        }
        return sessions.session(caller("acme", "dev"), "acme", s.id());
    }
}
