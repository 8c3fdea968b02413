package io.coditect.studio.git.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import org.junit.Test;

public class RestoreTest extends HistoryFixture {

    private final HistoryRef ref = ref("proj", "s1");

    private String treeOf(String commitId) {
        return gitOk(cacheGitDir("a", ref), "rev-parse", commitId + "^{tree}");
    }

    @Test
    public void restoreMakesTheWorkingTreeTheCommitsTreeAndTheNextCommitRecordsIt() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, ".gitignore", "*.log\n");
        write(wt, "a.txt", "one\n");
        write(wt, "dir/keep.txt", "keep\n");
        write(wt, "gone-later.txt", "here in the first\n");
        Commit first = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();

        write(wt, "a.txt", "two\n");
        Files.delete(wt.resolve("gone-later.txt"));
        write(wt, "b.txt", "new\n");
        write(wt, "dir/sub/deep.txt", "deep\n");
        Commit second = history.commit(storage, ref, wt, ANN, "second", null, false).orElseThrow();
        write(wt, "untracked.txt", "never committed\n");
        write(wt, "debug.log", "ignored\n");

        history.restore(storage, ref, wt, first.id());

        assertEquals("one\n", read(wt, "a.txt"));
        assertEquals("here in the first\n", read(wt, "gone-later.txt"));
        assertEquals("keep\n", read(wt, "dir/keep.txt"));
        assertFalse(Files.exists(wt.resolve("b.txt")));
        assertFalse(Files.exists(wt.resolve("dir/sub")));
        assertFalse(Files.exists(wt.resolve("untracked.txt")));
        assertEquals("ignored\n", read(wt, "debug.log"));
        // the branch did not move
        assertEquals(second.id(), history.log(storage, ref, 1).get(0).id());

        Commit third = history.commit(storage, ref, wt, ANN, "back to the first", null, false).orElseThrow();
        assertEquals(List.of(second.id()), third.parentIds());
        assertEquals(treeOf(first.id()), treeOf(third.id()));
        assertEquals(Optional.empty(), history.commit(storage, ref, wt, ANN, "nothing", null, false));
        assertFsck("a", ref);
    }

    @Test
    public void restoreSwitchesBetweenFileAndFolder() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "thing", "a file\n");
        Commit asFile = history.commit(storage, ref, wt, ANN, "file", null, false).orElseThrow();
        Files.delete(wt.resolve("thing"));
        write(wt, "thing/inside.txt", "a folder\n");
        Commit asFolder = history.commit(storage, ref, wt, ANN, "folder", null, false).orElseThrow();

        history.restore(storage, ref, wt, asFile.id());
        assertEquals("a file\n", read(wt, "thing"));
        history.restore(storage, ref, wt, asFolder.id());
        assertEquals("a folder\n", read(wt, "thing/inside.txt"));
        assertEquals(Optional.empty(), history.commit(storage, ref, wt, ANN, "nothing", null, false));
        assertFsck("a", ref);
    }

    @Test
    public void restoreOfAnotherSessionsCheckpointOfTheSameProject() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt1 = worktree("one");
        write(wt1, "a.txt", "from session one\n");
        Commit c1 = history.commit(storage, ref, wt1, ANN, "one", null, false).orElseThrow();

        HistoryRef other = ref("proj", "s2");
        Path wt2 = worktree("two");
        write(wt2, "z.txt", "from session two\n");
        history.restore(storage, other, wt2, c1.id());

        assertEquals("from session one\n", read(wt2, "a.txt"));
        assertFalse(Files.exists(wt2.resolve("z.txt")));
        assertTrue(history.log(storage, other, 10).isEmpty());
        assertFsck("a", ref);
    }
}
