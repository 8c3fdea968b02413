package io.coditect.studio.git.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.Commit.FileChange;
import io.coditect.studio.api.session.Commit.FileChange.Type;
import io.coditect.studio.api.session.HistoryRef;
import org.junit.Test;

public class CommitTest extends HistoryFixture {

    private final HistoryRef ref = ref("proj", "s1");

    static Set<String> changes(Commit c) {
        return c.changes().stream().map(f -> f.type() + " " + f.path() + (f.oldPath() == null ? "" : " <- " + f.oldPath()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The paths of a commit's tree, as the git command line sees them. */
    Set<String> tree(String node, String commitId) {
        String out = gitOk(cacheGitDir(node, ref), "ls-tree", "-r", "--name-only", commitId);
        return out.isEmpty() ? Set.of() : new TreeSet<>(List.of(out.split("\n")));
    }

    @Test
    public void firstCommitHasNoParentAndAddsEveryFile() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "README.md", "# hello\n");
        write(wt, "src/main/App.java", "class App {}\n");

        Commit c = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();

        assertEquals(40, c.id().length());
        assertEquals(List.of(), c.parentIds());
        assertEquals("first", c.message());
        assertEquals(ANN, c.author());
        assertEquals(Set.of("ADDED README.md", "ADDED src/main/App.java"), changes(c));
        assertEquals(Set.of("README.md", "src/main/App.java"), tree("a", c.id()));
        assertEquals("Ann Example <ann@example.com>",
                gitOk(cacheGitDir("a", ref), "log", "-1", "--format=%an <%ae>|%cn <%ce>", c.id()).split("\\|")[1]);
        assertEquals(c.id(), gitOk(cacheGitDir("a", ref), "rev-parse", "refs/heads/sessions/s1"));
        assertEquals(List.of(c.id()), history.log(storage, ref, 10).stream().map(Commit::id).toList());
        assertFsck("a", ref);
    }

    @Test
    public void incrementalCommitListsAddedModifiedAndDeletedFiles() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");
        write(wt, "b.txt", "two\n");
        write(wt, "old/x.txt", "x\n");
        write(wt, "old/y.txt", "y\n");
        Commit first = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();

        write(wt, "a.txt", "one, changed\n");
        Files.delete(wt.resolve("b.txt"));
        deleteTree(wt.resolve("old"));
        write(wt, "new/c.txt", "three\n");
        Commit second = history.commit(storage, ref, wt, ANN, "second", null, false).orElseThrow();

        assertEquals(List.of(first.id()), second.parentIds());
        assertEquals(Set.of("MODIFIED a.txt", "DELETED b.txt", "DELETED old/x.txt", "DELETED old/y.txt",
                "ADDED new/c.txt"), changes(second));
        assertEquals(Set.of("a.txt", "new/c.txt"), tree("a", second.id()));
        assertEquals(List.of(second.id(), first.id()), history.log(storage, ref, 10).stream().map(Commit::id).toList());
        assertEquals(List.of(second.id()), history.log(storage, ref, 1).stream().map(Commit::id).toList());
        assertEquals(changes(second), changes(history.commitInfo(storage, ref, second.id())));
        assertFsck("a", ref);
    }

    @Test
    public void renamedFileIsReportedAsRename() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "docs/guide.md", "a long enough text to be recognised as the same file\n".repeat(20));
        history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();
        Files.move(wt.resolve("docs/guide.md"), wt.resolve("docs/manual.md"));

        Commit c = history.commit(storage, ref, wt, ANN, "rename", null, false).orElseThrow();

        assertEquals(List.of(new FileChange(Type.RENAMED, "docs/manual.md", "docs/guide.md")), c.changes());
        assertFsck("a", ref);
    }

    @Test
    public void nothingChangedGivesNoCommitUnlessEmptyCommitsAreAllowed() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");
        Commit first = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();

        assertEquals(Optional.empty(), history.commit(storage, ref, wt, ANN, "again", null, false));
        // touching a file without changing it is no change either
        write(wt, "a.txt", "one\n");
        assertEquals(Optional.empty(), history.commit(storage, ref, wt, ANN, "again", null, false));

        Commit empty = history.commit(storage, ref, wt, ANN, "marker", null, true).orElseThrow();
        assertEquals(List.of(first.id()), empty.parentIds());
        assertEquals(List.of(), empty.changes());
        assertEquals(Set.of("a.txt"), tree("a", empty.id()));
        assertEquals(2, history.log(storage, ref, 10).size());
        assertFsck("a", ref);
    }

    @Test
    public void emptyWorkingTreeCommitsOnlyWhenAllowed() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        assertEquals(Optional.empty(), history.commit(storage, ref, wt, ANN, "nothing", null, false));
        Commit c = history.commit(storage, ref, wt, ANN, "start", null, true).orElseThrow();
        assertEquals(Set.of(), tree("a", c.id()));
        assertFsck("a", ref);
    }

    @Test
    public void gitignoreIsHonouredAndNestedGitFoldersAreSkipped() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, ".gitignore", "build/\n*.log\n");
        write(wt, "src/App.java", "class App {}\n");
        write(wt, "build/App.class", "binary");
        write(wt, "debug.log", "noise");
        write(wt, "src/sub/.gitignore", "secret.txt\n");
        write(wt, "src/sub/secret.txt", "s3cr3t");
        write(wt, "src/sub/kept.txt", "kept");
        // a repository cloned inside the project: its files are recorded, its .git is not
        write(wt, "vendor/lib/.git/HEAD", "ref: refs/heads/main\n");
        write(wt, "vendor/lib/.git/config", "[core]\n");
        write(wt, "vendor/lib/lib.c", "int x;\n");
        write(wt, ".git/config", "[core]\n");

        Commit c = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();

        assertEquals(Set.of(".gitignore", "src/App.java", "src/sub/.gitignore", "src/sub/kept.txt", "vendor/lib/lib.c"),
                tree("a", c.id()));
        write(wt, "debug.log", "more noise");
        write(wt, "build/Other.class", "binary");
        assertEquals(Optional.empty(), history.commit(storage, ref, wt, ANN, "ignored only", null, false));
        assertFsck("a", ref);
    }

    @Test
    public void binaryAndLargeFilesRoundTrip() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        byte[] large = new byte[20 * 1024 * 1024];
        new java.util.Random(42).nextBytes(large);
        byte[] binary = {0, 1, 2, 3, 0, (byte) 0xff, 10, 0};
        write(wt, "assets/big.bin", large);
        write(wt, "assets/small.bin", binary);
        write(wt, "notes.txt", "text\n");
        Commit first = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();
        assertEquals(Set.of("ADDED assets/big.bin", "ADDED assets/small.bin", "ADDED notes.txt"), changes(first));

        large[12345] ^= 1;
        write(wt, "assets/big.bin", large);
        write(wt, "assets/small.bin", new byte[] {0, 9, 9});
        Commit second = history.commit(storage, ref, wt, ANN, "second", null, false).orElseThrow();
        assertEquals(Set.of("MODIFIED assets/big.bin", "MODIFIED assets/small.bin"), changes(second));
        String diff = history.diff(storage, ref, second.id(), 100_000);
        assertTrue(diff, diff.contains("Binary files differ"));
        assertFalse(diff, diff.contains("@@"));

        history.restore(storage, ref, wt, first.id());
        large[12345] ^= 1;
        assertTrue(java.util.Arrays.equals(large, Files.readAllBytes(wt.resolve("assets/big.bin"))));
        assertTrue(java.util.Arrays.equals(binary, Files.readAllBytes(wt.resolve("assets/small.bin"))));
        assertFsck("a", ref);
    }

    @Test
    public void aNewBranchStartsAtTheBaseCommit() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt1 = worktree("one");
        write(wt1, "a.txt", "one\n");
        Commit base = history.commit(storage, ref, wt1, ANN, "base", null, false).orElseThrow();

        HistoryRef other = ref("proj", "s2");
        Path wt2 = worktree("two");
        write(wt2, "a.txt", "one\n");
        write(wt2, "b.txt", "two\n");
        Commit c = history.commit(storage, other, wt2, ANN, "on top", base.id(), false).orElseThrow();

        assertEquals(List.of(base.id()), c.parentIds());
        assertEquals(Set.of("ADDED b.txt"), changes(c));
        assertEquals(List.of(c.id(), base.id()), history.log(storage, other, 10).stream().map(Commit::id).toList());
        assertEquals(List.of(base.id()), history.log(storage, ref, 10).stream().map(Commit::id).toList());
        assertFsck("a", other);
    }

    @Test
    public void logOfASessionWithoutCommitsIsEmpty() {
        assertEquals(List.of(), node("a").log(storage, ref("proj", "nothing-yet"), 10));
    }

    @Test
    public void diffShowsTheChangeAndIsCutAtTheLimit() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "line 1\nline 2\n");
        history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            big.append("new line ").append(i).append(" with ünïcode\n");
        }
        write(wt, "a.txt", "line 1\nline two\n");
        write(wt, "big.txt", big.toString());
        Commit c = history.commit(storage, ref, wt, ANN, "second", null, false).orElseThrow();

        String full = history.diff(storage, ref, c.id(), 10_000_000);
        assertTrue(full, full.contains("diff --git a/a.txt b/a.txt"));
        assertTrue(full, full.contains("-line 2\n+line two\n"));
        assertTrue(full, full.contains("+new line 1999 with ünïcode\n"));
        assertFalse(full, full.contains("diff cut"));

        String cut = history.diff(storage, ref, c.id(), 1000);
        assertTrue(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 1000);
        assertTrue(cut, cut.endsWith("\n[diff cut at 1000 bytes]\n"));
        assertTrue(full.startsWith(cut.substring(0, cut.indexOf("\n[diff cut"))));
        assertFsck("a", ref);
    }
}
