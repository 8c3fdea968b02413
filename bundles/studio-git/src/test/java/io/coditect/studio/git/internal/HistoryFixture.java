package io.coditect.studio.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.storage.local.internal.LocalStorage;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * A real local storage backend in a temporary folder, history "nodes" (component instances with
 * their own cache folders) over it, working trees, and the real {@code git fsck}.
 */
public abstract class HistoryFixture {

    static final Commit.Author ANN = new Commit.Author("Ann Example", "ann@example.com");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    protected Path root;
    protected LocalStorage storage;
    protected OrgRemotes remotes;

    @Before
    public void createStorage() throws IOException {
        root = tmp.getRoot().toPath();
        storage = new LocalStorage(root.resolve("storage"));
        remotes = new OrgRemotes();
    }

    /** A history component with its own cache folder, as on another node. */
    GitWorkspaceHistory node(String name) {
        return new GitWorkspaceHistory(cache(name), remotes);
    }

    Path cache(String node) {
        return root.resolve("cache-" + node);
    }

    static HistoryRef ref(String project, String session) {
        return new HistoryRef("acme", "core", "ann", project, session);
    }

    Path worktree(String name) throws IOException {
        return Files.createDirectories(root.resolve("work-" + name));
    }

    static Path write(Path worktree, String path, String content) throws IOException {
        return write(worktree, path, content.getBytes(UTF_8));
    }

    static Path write(Path worktree, String path, byte[] content) throws IOException {
        Path file = worktree.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    static String read(Path worktree, String path) throws IOException {
        return Files.readString(worktree.resolve(path), UTF_8);
    }

    Path cacheGitDir(String node, HistoryRef ref) {
        return new ProjectCache(cache(node), ref).gitDir();
    }

    /** A bare repository made of nothing but the project's files in storage. */
    Path storedCopy(HistoryRef ref) throws IOException {
        Path from = root.resolve("storage").resolve(ref.storagePrefix().key());
        Path to = Files.createTempDirectory(root, "stored-copy-");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** {@code git fsck --full --strict} on the node's cache and on a copy of the stored files. */
    void assertFsck(String node, HistoryRef ref) throws IOException {
        assertGitFsck(cacheGitDir(node, ref));
        Path copy = storedCopy(ref);
        assertGitFsck(copy);
        deleteTree(copy);
    }

    static void assertGitFsck(Path gitDir) {
        Result r = git(gitDir, "fsck", "--full", "--strict");
        assertEquals("git fsck of " + gitDir + ":\n" + r.output, 0, r.exitCode);
    }

    record Result(int exitCode, String output) {
    }

    /** Runs the git command line on a git directory. */
    static Result git(Path gitDir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/git", "--git-dir=" + gitDir));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("git " + args[0] + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Output of a git command that must succeed, trimmed. */
    static String gitOk(Path gitDir, String... args) {
        Result r = git(gitDir, args);
        assertEquals(String.join(" ", args) + ":\n" + r.output, 0, r.exitCode);
        return r.output.trim();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
