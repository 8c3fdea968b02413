package io.coditect.studio.git.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.api.store.StoreException;
import org.junit.Test;

public class RemotePushTest extends HistoryFixture {

    private static final String PASSWORD = "hunter2-SECRET-token";

    private final HistoryRef ref = ref("proj", "s1");

    private Path bareRemote(String name) {
        Path dir = root.resolve("remotes").resolve(name);
        Result r = git(dir, "init", "--bare", "--quiet", dir.toString());
        assertEquals(r.output(), 0, r.exitCode());
        return dir;
    }

    @Test
    public void everyCommitIsAlsoPushedToTheOrganisationsRemote() throws IOException {
        Path remote = bareRemote("core-proj.git");
        remotes.add(new OrgRemote("acme", "file://" + root.resolve("remotes") + "/{team}-{project}.git", "bot", PASSWORD));
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");
        Commit first = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();
        assertEquals(first.id(), gitOk(remote, "rev-parse", "refs/heads/sessions/s1"));

        write(wt, "a.txt", "two\n");
        Commit second = history.commit(storage, ref, wt, ANN, "second", null, false).orElseThrow();
        assertEquals(second.id(), gitOk(remote, "rev-parse", "refs/heads/sessions/s1"));
        assertGitFsck(remote);
        assertFsck("a", ref);
    }

    @Test
    public void aFailedPushIsUnavailableKeepsTheCheckpointAndNeverShowsThePassword() throws IOException {
        OrgRemote remote = new OrgRemote("acme", "file://" + root.resolve("remotes") + "/{project}.git", "bot", PASSWORD);
        remotes.add(remote);
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");

        StoreException failure = null;
        try {
            history.commit(storage, ref, wt, ANN, "first", null, false);
            fail("the remote does not exist");
        } catch (StoreException e) {
            failure = e;
        }
        assertEquals(StoreException.Kind.UNAVAILABLE, failure.kind());
        String url = "file://" + root.resolve("remotes") + "/proj.git";
        assertTrue(failure.getMessage(), failure.getMessage().contains("saved in storage but push to " + url + " failed: "));
        assertNoPassword(failure);

        // the checkpoint is in storage
        List<Commit> log = history.log(storage, ref, 10);
        assertEquals(1, log.size());
        assertTrue(failure.getMessage(), failure.getMessage().contains(log.get(0).id()));
        assertEquals(log, node("b").log(storage, ref, 10));
        assertFsck("a", ref);

        // once the remote exists, the next commit brings it up to date
        Path created = bareRemote("proj.git");
        write(wt, "a.txt", "two\n");
        Commit second = history.commit(storage, ref, wt, ANN, "second", null, false).orElseThrow();
        assertEquals(second.id(), gitOk(created, "rev-parse", "refs/heads/sessions/s1"));
        assertEquals(log.get(0).id(), gitOk(created, "rev-parse", "refs/heads/sessions/s1~1"));
    }

    @Test
    public void aPasswordWrittenIntoTheUrlIsNotShownEither() throws IOException {
        remotes.add(new OrgRemote("acme", "https://bot:" + PASSWORD + "@127.0.0.1:1/{project}.git", "", ""));
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");
        try {
            history.commit(storage, ref, wt, ANN, "first", null, false);
            fail("nothing listens on port 1");
        } catch (StoreException e) {
            assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("push to https://127.0.0.1:1/proj.git failed"));
            assertNoPassword(e);
        }
    }

    @Test
    public void otherOrganisationsAreNotPushed() throws IOException {
        remotes.add(new OrgRemote("globex", "file:///nonexistent/{project}.git", "bot", PASSWORD));
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");
        assertTrue(node("a").commit(storage, ref, wt, ANN, "first", null, false).isPresent());
    }

    @Test
    public void theRemoteShowsNoSecret() {
        OrgRemote remote = new OrgRemote("acme", "https://bot:" + PASSWORD + "@git.example.com/{team}/{project}.git",
                "bot", PASSWORD);
        assertFalse(remote.toString(), remote.toString().contains(PASSWORD));
        assertTrue(remote.toString(), remote.toString().contains("https://git.example.com/{team}/{project}.git"));
        assertEquals("https://git.example.com/core/proj.git", remote.shownUrlFor(ref));
        assertEquals("https://bot:" + PASSWORD + "@git.example.com/core/proj.git", remote.urlFor(ref));
        assertNull(new OrgRemote("acme", "file:///x", "", "").credentials());
    }

    @Test
    public void invalidRemotesAreRefused() {
        for (String[] c : new String[][] {{"Not An Id", "file:///x"}, {"acme", " "}, {"acme", null}}) {
            try {
                new OrgRemote(c[0], c[1], "bot", PASSWORD);
                fail(String.join(",", String.valueOf(c[0]), String.valueOf(c[1])));
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().contains(PASSWORD));
            }
        }
    }

    @Test
    public void theRemoteComponentRegistersTheRemoteAndNothingLogsThePassword() throws IOException {
        OrgRemoteComponent component = new OrgRemoteComponent(remotes, config("acme",
                "file://" + root.resolve("remotes") + "/{project}.git", "bot", PASSWORD));
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");
        try {
            history.commit(storage, ref, wt, ANN, "first", null, false);
            fail("the remote does not exist, so the push fails");
        } catch (StoreException e) {
            assertNoPassword(e);
        }
        component.deactivate();
        write(wt, "a.txt", "two\n");
        assertTrue("no remote any more", history.commit(storage, ref, wt, ANN, "second", null, false).isPresent());

        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (logFile != null && !logFile.equals("System.err")) {
            String log = java.nio.file.Files.readString(Path.of(logFile));
            assertTrue(log, log.contains("checkpoints of organisation acme are also pushed to OrgRemote[org=acme"));
            assertFalse(log, log.contains(PASSWORD));
        }
    }

    static OrgRemoteComponent.Config config(String org, String url, String username, String password) {
        return new OrgRemoteComponent.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return OrgRemoteComponent.Config.class;
            }

            @Override
            public String org() {
                return org;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String username() {
                return username;
            }

            @Override
            public String password() {
                return password;
            }
        };
    }

    private static void assertNoPassword(Throwable t) {
        StringWriter all = new StringWriter();
        t.printStackTrace(new PrintWriter(all));
        assertFalse(all.toString(), all.toString().contains(PASSWORD));
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertFalse(String.valueOf(c), String.valueOf(c).contains(PASSWORD));
        }
    }
}
