package io.coditect.studio.git.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.store.StoreException;
import org.junit.Test;

public class SyncTest extends HistoryFixture {

    private final HistoryRef ref = ref("proj", "s1");

    private static List<String> ids(List<Commit> commits) {
        return commits.stream().map(Commit::id).toList();
    }

    private List<Commit> commitSeveral(GitWorkspaceHistory history, HistoryRef r, Path wt, int n) throws IOException {
        List<Commit> commits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            write(wt, "file-" + i + ".txt", r.sessionId() + " " + i + "\n");
            write(wt, "shared.txt", r.sessionId() + " version " + i + "\n");
            commits.add(history.commit(storage, r, wt, ANN, r.sessionId() + " #" + i, null, false).orElseThrow());
        }
        return commits;
    }

    @Test
    public void storageHoldsOnePackPerCheckpointAndTheRefs() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        List<Commit> commits = commitSeveral(history, ref, wt, 3);

        StoragePath prefix = ref.storagePrefix();
        Path stored = root.resolve("storage").resolve(prefix.key());
        try (var packs = Files.list(stored.resolve("objects/pack"))) {
            assertEquals(6, packs.count());
        }
        assertEquals("ref: refs/heads/sessions/s1\n", Files.readString(stored.resolve("HEAD")));
        assertTrue(Files.exists(stored.resolve("config")));
        assertTrue(Files.readString(stored.resolve("packed-refs"))
                .contains(commits.get(2).id() + " refs/heads/sessions/s1\n"));
        Path copy = storedCopy(ref);
        assertEquals(commits.get(2).id(), gitOk(copy, "rev-parse", "sessions/s1"));
        // each pack has only what was new (here a commit, a tree and two blobs): no object is stored twice
        int reachable = gitOk(copy, "rev-list", "--objects", "--all").split("\n").length;
        int packed = 0;
        try (var idx = Files.list(stored.resolve("objects/pack"))) {
            for (Path p : (Iterable<Path>) idx.filter(f -> f.toString().endsWith(".idx"))::iterator) {
                int objects = objectsIn(p);
                assertEquals(p.toString(), 4, objects);
                packed += objects;
            }
        }
        assertEquals(reachable, packed);
        // the cache holds the same packs, and no loose objects
        assertEquals(fileNames(stored.resolve("objects/pack")), fileNames(cacheGitDir("a", ref).resolve("objects/pack")));
        try (var objects = Files.list(cacheGitDir("a", ref).resolve("objects"))) {
            assertEquals(List.of(), objects.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{2}")).toList());
        }
        assertFsck("a", ref);
    }

    @Test
    public void aDeletedCacheIsRebuiltFromStorage() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        List<Commit> commits = commitSeveral(history, ref, wt, 3);
        List<String> log = ids(history.log(storage, ref, 10));

        deleteTree(cache("a"));

        assertEquals(log, ids(history.log(storage, ref, 10)));
        assertEquals(commits.get(1).changes(), history.commitInfo(storage, ref, commits.get(1).id()).changes());
        assertFsck("a", ref);
        // the session's index is gone too: the next checkpoint still records exactly the change
        write(wt, "shared.txt", "after the rebuild\n");
        Commit next = history.commit(storage, ref, wt, ANN, "after", null, false).orElseThrow();
        assertEquals(List.of(commits.get(2).id()), next.parentIds());
        assertEquals(1, next.changes().size());
        assertEquals("shared.txt", next.changes().get(0).path());
        assertFsck("a", ref);
    }

    @Test
    public void aSecondNodeSeesTheFirstNodesCommitsAndTheOtherWayRound() throws IOException {
        GitWorkspaceHistory one = node("one");
        GitWorkspaceHistory two = node("two");
        Path wt = worktree("a");
        List<Commit> commits = commitSeveral(one, ref, wt, 2);

        assertEquals(ids(one.log(storage, ref, 10)), ids(two.log(storage, ref, 10)));
        assertEquals(commits.get(1).changes(), two.commitInfo(storage, ref, commits.get(1).id()).changes());

        // the session moves to node two, in the same working tree
        write(wt, "shared.txt", "on node two\n");
        Commit onTwo = two.commit(storage, ref, wt, ANN, "on two", null, false).orElseThrow();
        assertEquals(List.of(commits.get(1).id()), onTwo.parentIds());
        assertEquals(List.of(onTwo.id(), commits.get(1).id(), commits.get(0).id()), ids(one.log(storage, ref, 10)));
        // and back to node one, whose cache catches up before committing
        write(wt, "shared.txt", "back on node one\n");
        Commit onOne = one.commit(storage, ref, wt, ANN, "on one", null, false).orElseThrow();
        assertEquals(List.of(onTwo.id()), onOne.parentIds());
        assertFsck("one", ref);
        assertFsck("two", ref);
    }

    @Test
    public void twoSessionsOfOneProjectCommitConcurrentlyOnTheirOwnBranches() throws Exception {
        GitWorkspaceHistory history = node("a");
        HistoryRef s1 = ref("proj", "s1");
        HistoryRef s2 = ref("proj", "s2");
        Path wt1 = worktree("one");
        Path wt2 = worktree("two");
        List<Commit> c1 = concurrently(() -> commitSeveral(history, s1, wt1, 5), () -> commitSeveral(history, s2, wt2, 5));

        assertEquals(5, history.log(storage, s1, 10).size());
        assertEquals(5, history.log(storage, s2, 10).size());
        assertEquals(ids(c1).subList(0, 5), reversed(ids(history.log(storage, s1, 10))));
        for (Commit c : history.log(storage, s2, 10)) {
            assertTrue(c.message().startsWith("s2 #"));
        }
        assertFsck("a", s1);
    }

    @Test
    public void twoNodesCommittingAtOnceKeepEachOthersRefs() throws Exception {
        HistoryRef s1 = ref("proj", "s1");
        HistoryRef s2 = ref("proj", "s2");
        Path wt1 = worktree("one");
        Path wt2 = worktree("two");
        GitWorkspaceHistory one = node("one");
        GitWorkspaceHistory two = node("two");
        concurrently(() -> commitSeveral(one, s1, wt1, 5), () -> commitSeveral(two, s2, wt2, 5));

        Path copy = storedCopy(s1);
        String refs = gitOk(copy, "for-each-ref", "--format=%(refname)");
        assertEquals("refs/heads/sessions/s1\nrefs/heads/sessions/s2", refs);
        for (GitWorkspaceHistory node : List.of(one, two)) {
            assertEquals(5, node.log(storage, s1, 10).size());
            assertEquals(5, node.log(storage, s2, 10).size());
        }
        assertFsck("one", s1);
        assertFsck("two", s1);
    }

    @Test
    public void aStorageFailureIsUnavailableAndChangesNothing() throws IOException {
        GitWorkspaceHistory history = node("a");
        Path wt = worktree("a");
        write(wt, "a.txt", "one\n");
        Commit first = history.commit(storage, ref, wt, ANN, "first", null, false).orElseThrow();
        write(wt, "a.txt", "two\n");
        FailingStorage failing = new FailingStorage(storage);
        failing.failPutsOf = "packed-refs";

        try {
            history.commit(failing, ref, wt, ANN, "second", null, false);
            fail();
        } catch (StoreException e) {
            assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("project proj"));
        }
        assertEquals(List.of(first.id()), ids(history.log(storage, ref, 10)));
        assertEquals(List.of(first.id()), ids(node("other").log(storage, ref, 10)));

        Commit second = history.commit(storage, ref, wt, ANN, "second", null, false).orElseThrow();
        assertEquals(List.of(first.id()), second.parentIds());
        assertEquals(List.of(second.id(), first.id()), ids(node("other").log(storage, ref, 10)));
        assertFsck("a", ref);
    }

    @Test
    public void unreachableStorageIsUnavailable() {
        FailingStorage failing = new FailingStorage(storage);
        failing.failEverything = true;
        try {
            node("a").log(failing, ref, 10);
            fail();
        } catch (StoreException e) {
            assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
        }
    }

    private static java.util.Set<String> fileNames(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /** Number of objects in a pack index, as git counts them. */
    private static int objectsIn(Path idx) throws IOException {
        Process p = new ProcessBuilder("/usr/bin/git", "show-index").redirectInput(idx.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return out.isBlank() ? 0 : out.trim().split("\n").length;
    }

    @SafeVarargs
    private static <T> T concurrently(Callable<T>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        CyclicBarrier start = new CyclicBarrier(tasks.length);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return t.call();
                }));
            }
            T first = null;
            for (Future<T> f : futures) {
                T v = f.get(5, TimeUnit.MINUTES);
                first = first == null ? v : first;
            }
            return first;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> reversed(List<String> list) {
        List<String> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    @Test
    public void everyStoredRefPointsAtAStoredCommit() throws IOException {
        GitWorkspaceHistory history = node("a");
        commitSeveral(history, ref("proj", "s1"), worktree("one"), 2);
        commitSeveral(history, ref("proj", "s2"), worktree("two"), 2);
        Path copy = storedCopy(ref);
        for (String line : gitOk(copy, "for-each-ref", "--format=%(objectname)").split("\n")) {
            assertEquals("commit", gitOk(copy, "cat-file", "-t", line));
        }
    }
}
