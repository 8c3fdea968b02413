package io.coditect.studio.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.coditect.studio.api.session.HistoryRef;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A project's cache on this node: the bare repository {@code <cache>/<org>/<team>/<user>/<project>.git}
 * shared by the project's sessions, each with its own index {@code index-<session>} in it, so sessions
 * of one project never disturb each other's staging. It may be deleted at any time; storage is the
 * truth ({@link CacheSync}).
 */
final class ProjectCache {

    /** One lock per cache folder, across component instances: calls on a project are serialised. */
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    /** ETag of the stored refs the local refs last matched; "-" when storage had none. */
    private static final String SYNCED_ETAG = "coditect-synced-refs";
    private static final String NO_REFS = "-";

    private final Path gitDir;

    ProjectCache(Path cacheRoot, HistoryRef ref) {
        this.gitDir = cacheRoot.resolve(ref.orgId()).resolve(ref.teamId()).resolve(ref.userId())
                .resolve(ref.projectId() + ".git");
    }

    Path gitDir() {
        return gitDir;
    }

    ReentrantLock lock() {
        return LOCKS.computeIfAbsent(gitDir, k -> new ReentrantLock());
    }

    boolean exists() {
        return Files.isRegularFile(gitDir.resolve("HEAD")) && Files.isDirectory(gitDir.resolve("objects"));
    }

    /** Creates the empty bare repository, whole or not at all (built aside, then renamed into place). */
    void create() throws IOException {
        Files.createDirectories(gitDir.getParent());
        Path tmp = gitDir.resolveSibling(gitDir.getFileName() + ".new-" + UUID.randomUUID());
        try {
            try (Repository repo = new FileRepositoryBuilder().setGitDir(tmp.toFile()).setBare().build()) {
                repo.create(true);
            }
            deleteTree(gitDir);
            Files.move(tmp, gitDir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Opens the repository for one session: with {@code worktree} (or bare when null) and the
     * session's own index file.
     */
    PackingRepository open(Path worktree, String sessionId) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true);
        if (worktree == null) {
            builder.setBare();
        } else {
            builder.setWorkTree(worktree.toFile()).setIndexFile(gitDir.resolve("index-" + sessionId).toFile());
        }
        PackingRepository repo = PackingRepository.open(builder);
        applySettings(repo.getConfig());
        return repo;
    }

    /**
     * Settings for this call only (never saved): no line-ending conversion, nested repositories'
     * files recorded as files rather than as gitlinks, no hooks or global excludes from the node's
     * user configuration, no reflogs (storage holds the history).
     */
    private void applySettings(StoredConfig config) {
        String core = ConfigConstants.CONFIG_CORE_SECTION;
        config.setBoolean(core, null, ConfigConstants.CONFIG_KEY_AUTOCRLF, false);
        config.setBoolean(core, null, ConfigConstants.CONFIG_KEY_FILEMODE, true);
        config.setBoolean(core, null, ConfigConstants.CONFIG_KEY_SYMLINKS, true);
        config.setBoolean(core, null, "dirNoGitLinks", true);
        config.setString(core, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, "false");
        config.setString(core, null, ConfigConstants.CONFIG_KEY_EXCLUDESFILE,
                gitDir.resolve("info").resolve("no-global-excludes").toString());
        config.setString(core, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH, gitDir.resolve("no-hooks").toString());
    }

    /** The stored-refs ETag the local refs match, "-" for "storage had no refs", null when unknown. */
    String syncedEtag() throws IOException {
        try {
            String s = Files.readString(gitDir.resolve(SYNCED_ETAG), UTF_8).trim();
            return s.isEmpty() ? null : s;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static boolean matches(String syncedEtag, String storedEtag) {
        return syncedEtag != null && syncedEtag.equals(storedEtag == null ? NO_REFS : storedEtag);
    }

    /** Records that the local refs match the stored refs with this ETag (null: none stored). */
    void recordSynced(String storedEtag) throws IOException {
        Path tmp = gitDir.resolve(SYNCED_ETAG + ".tmp");
        Files.writeString(tmp, storedEtag == null ? NO_REFS : storedEtag, UTF_8);
        Files.move(tmp, gitDir.resolve(SYNCED_ETAG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets the sync state, so the next call compares every ref with storage. */
    void forgetSynced() throws IOException {
        Files.deleteIfExists(gitDir.resolve(SYNCED_ETAG));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
