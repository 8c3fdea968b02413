package io.coditect.studio.git.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.api.store.StoreException;
import org.junit.Before;
import org.junit.Test;

public class ErrorsTest extends HistoryFixture {

    private final HistoryRef ref = ref("proj", "s1");
    private GitWorkspaceHistory history;
    private Path wt;
    private Commit commit;

    @Before
    public void oneCommit() throws IOException {
        history = node("a");
        wt = worktree("a");
        write(wt, "a.txt", "one\n");
        commit = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();
    }

    private static void assertInvalid(Runnable call, String expected) {
        try {
            call.run();
            fail("expected INVALID");
        } catch (StoreException e) {
            assertEquals(e.getMessage(), StoreException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void unknownCommitIdsAreInvalidEverywhere() {
        String unknown = "1234567890abcdef1234567890abcdef12345678";
        String expected = "checkpoint commit " + unknown + " is not in the history of project proj";
        assertInvalid(() -> history.restore(storage, ref, wt, unknown), expected);
        assertInvalid(() -> history.commitInfo(storage, ref, unknown), expected);
        assertInvalid(() -> history.diff(storage, ref, unknown, 1000), expected);
        assertInvalid(() -> history.commit(storage, ref("proj", "s2"), wt, ANN, "x", unknown, false), expected);
        assertInvalid(() -> history.commitInfo(storage, ref, "HEAD"), "is not a checkpoint commit id");
        assertInvalid(() -> history.commitInfo(storage, ref, commit.id().substring(0, 12)), "is not a checkpoint commit id");
        assertInvalid(() -> history.commitInfo(storage, ref, null), "is not a checkpoint commit id");
    }

    @Test
    public void aCommitOfAnotherProjectIsInvalid() throws IOException {
        HistoryRef other = ref("other", "s9");
        Path otherWt = worktree("other");
        write(otherWt, "b.txt", "other\n");
        Commit foreign = history.commit(storage, other, otherWt, ANN, "other project", null, false).orElseThrow();

        assertInvalid(() -> history.restore(storage, ref, wt, foreign.id()),
                "checkpoint commit " + foreign.id() + " is not in the history of project proj");
        assertEquals("one\n", read(wt, "a.txt"));
        assertFsck("a", ref);
        assertFsck("a", other);
    }

    @Test
    public void aTreeOrBlobIdIsNotACheckpoint() {
        String tree = gitOk(cacheGitDir("a", ref), "rev-parse", commit.id() + "^{tree}");
        assertInvalid(() -> history.commitInfo(storage, ref, tree), "is not in the history of project proj");
    }

    @Test
    public void badArgumentsAreInvalid() {
        assertInvalid(() -> history.commit(storage, ref, wt.resolve("missing"), ANN, "m", null, false),
                "is not a folder");
        assertInvalid(() -> history.commit(storage, ref, wt, new Commit.Author(" ", "x@y"), "m", null, false),
                "author");
        assertInvalid(() -> history.commit(storage, ref, wt, ANN, null, null, false), "message");
        assertInvalid(() -> history.diff(storage, ref, commit.id(), 0), "maxBytes");
        assertInvalid(() -> history.log(storage, ref, -1), "limit");
    }

    @Test
    public void aCacheInsideTheWorkingTreeIsRefused() {
        GitWorkspaceHistory inside = new GitWorkspaceHistory(wt.resolve(".cache"), remotes);
        assertInvalid(() -> inside.commit(storage, ref, wt, ANN, "m", null, false), "lies inside the working tree");
    }
}
