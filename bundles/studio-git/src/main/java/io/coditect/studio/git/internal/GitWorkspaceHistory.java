package io.coditect.studio.git.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.api.session.WorkspaceHistory;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.store.StoreException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WorkspaceHistory} with JGit.
 *
 * <p><b>Where the history lives.</b> Storage is the truth: below {@link HistoryRef#storagePrefix()}
 * the project's bare repository is kept as plain files ({@link StoredHistory}): one immutable pack
 * per checkpoint with exactly the objects that were new, then {@code packed-refs}, replaced only if
 * no other node changed it since it was read. Each node keeps a cache, a bare repository
 * {@code <cache>/<org>/<team>/<user>/<project>.git} shared by the project's sessions, each session
 * with its own index so unchanged files are not hashed again. The cache is brought in line with
 * storage at the start of every call and rebuilt from it when lost. The git directory is never
 * inside the working tree.
 *
 * <p><b>Commit.</b> The working tree is staged like {@code git add -A} ({@code .gitignore}
 * honoured, nested {@code .git} folders skipped) and committed on {@code sessions/<session>}, with
 * the given author as author and committer; the pack and the refs are in storage before the call
 * returns. When the organisation has a remote ({@link OrgRemoteComponent}) the branch is then
 * pushed there. A push failure fails the call with UNAVAILABLE, but the checkpoint stays in storage
 * (storage first, then the remote), and the next successful push brings the remote up to date.
 *
 * <p><b>Errors.</b> An unknown commit id, or one of another project, is INVALID; storage, cache or
 * remote failures are UNAVAILABLE; a commit racing another node on the same session branch is
 * CONFLICT. Calls on one project are serialised (one lock per cache folder).
 */
@Component(service = WorkspaceHistory.class, configurationPid = GitWorkspaceHistory.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GitWorkspaceHistory.Config.class)
public final class GitWorkspaceHistory implements WorkspaceHistory {

    static final String PID = "io.coditect.studio.git";

    @ObjectClassDefinition(id = PID, name = "CODITECT Studio: git history of projects",
            description = "Checkpoints of project working trees as git commits, kept in the storage backend.")
    public @interface Config {

        @AttributeDefinition(name = "Cache folder", description = "Node-local cache of the projects' repositories; "
                + "it may be deleted at any time (it is rebuilt from storage). ${name} is replaced by the Java "
                + "system property 'name'; ${karaf.data} falls back to ./data. Empty means " + CacheFolder.DEFAULT + ".")
        String cache() default CacheFolder.DEFAULT;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GitWorkspaceHistory.class);

    private final Path cacheRoot;
    private final OrgRemotes remotes;

    @Activate
    public GitWorkspaceHistory(Config config, @Reference OrgRemotes remotes) {
        this(CacheFolder.of(config.cache()), remotes);
        LOG.info("git history cache in {}", cacheRoot);
    }

    public GitWorkspaceHistory(Path cacheRoot, OrgRemotes remotes) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
        this.remotes = Objects.requireNonNull(remotes, "remotes");
    }

    @Override
    public Optional<Commit> commit(StorageBackend storage, HistoryRef ref, Path worktree, Commit.Author author,
            String message, String baseCommit, boolean allowEmpty) {
        if (author == null || author.name() == null || author.name().isBlank()) {
            throw Failures.invalid("a checkpoint needs an author with a name");
        }
        if (message == null) {
            throw Failures.invalid("a checkpoint needs a message");
        }
        requireWorktree(worktree);
        return call(storage, ref, worktree, "saved", p -> {
            WorkPacks work = WorkPacks.from(p.repo);
            try (RevWalk walk = new RevWalk(p.repo)) {
                Optional<CheckpointCommit.Checkpoint> checkpoint = CheckpointCommit.commit(p, walk, author, message,
                        baseCommit, allowEmpty);
                if (checkpoint.isEmpty()) {
                    return Optional.<Commit>empty();
                }
                RevCommit commit = checkpoint.get().commit();
                Commit result = CommitViews.withChanges(p.repo, walk, commit);
                try {
                    Optional<OrgRemote> remote = remotes.of(ref.orgId());
                    if (remote.isPresent()) {
                        RemotePush.push(p.repo, remote.get(), ref, p.branch(), commit);
                    }
                } finally {
                    HistoryPublisher.Published pack = checkpoint.get().pack();
                    if (pack != null) {
                        work.dropPublished(pack.name(), pack.objects());
                    }
                }
                return Optional.of(result);
            }
        });
    }

    @Override
    public void restore(StorageBackend storage, HistoryRef ref, Path worktree, String commitId) {
        requireWorktree(worktree);
        call(storage, ref, worktree, "restored", p -> {
            try (RevWalk walk = new RevWalk(p.repo)) {
                RevCommit target = p.commit(walk, commitId);
                ObjectId tip = p.branchTip();
                WorkspaceRestore.restore(p, target, tip == null ? null : walk.parseCommit(tip).getTree());
                return null;
            }
        });
    }

    @Override
    public Commit commitInfo(StorageBackend storage, HistoryRef ref, String commitId) {
        return call(storage, ref, null, "read", p -> {
            try (RevWalk walk = new RevWalk(p.repo)) {
                return CommitViews.withChanges(p.repo, walk, p.commit(walk, commitId));
            }
        });
    }

    @Override
    public String diff(StorageBackend storage, HistoryRef ref, String commitId, int maxBytes) {
        if (maxBytes < 1) {
            throw Failures.invalid("maxBytes must be at least 1, not " + maxBytes);
        }
        return call(storage, ref, null, "read", p -> {
            try (RevWalk walk = new RevWalk(p.repo)) {
                return BoundedDiff.of(p.repo, walk, p.commit(walk, commitId), maxBytes);
            }
        });
    }

    @Override
    public List<Commit> log(StorageBackend storage, HistoryRef ref, int limit) {
        if (limit < 0) {
            throw Failures.invalid("limit must not be negative, not " + limit);
        }
        return call(storage, ref, null, "read", p -> {
            List<Commit> commits = new ArrayList<>();
            ObjectId tip = p.branchTip();
            if (tip == null || limit == 0) {
                return commits;
            }
            try (RevWalk walk = new RevWalk(p.repo)) {
                walk.setFirstParent(true);
                walk.markStart(walk.parseCommit(tip));
                for (RevCommit c : walk) {
                    commits.add(CommitViews.withoutChanges(c));
                    if (commits.size() == limit) {
                        break;
                    }
                }
            }
            return commits;
        });
    }

    /** Work on a project, its cache locked and in line with storage. */
    private interface ProjectCall<T> {
        T run(Project p) throws IOException, GitAPIException;
    }

    private <T> T call(StorageBackend storage, HistoryRef ref, Path worktree, String doing, ProjectCall<T> work) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(ref, "ref");
        ProjectCache cache = new ProjectCache(cacheRoot, ref);
        requireOutside(cache.gitDir(), worktree);
        StoredHistory stored = new StoredHistory(storage, ref.storagePrefix());
        ReentrantLock lock = cache.lock();
        lock.lock();
        try {
            CacheSync.ensureCache(cache);
            try (Project p = open(cache, ref, worktree, stored)) {
                return work.run(p);
            }
        } catch (StoreException e) {
            throw e;
        } catch (StorageException | IOException | UncheckedIOException | GitAPIException | JGitInternalException e) {
            throw Failures.historyUnavailable(ref, doing, e);
        } finally {
            lock.unlock();
        }
    }

    private static Project open(ProjectCache cache, HistoryRef ref, Path worktree, StoredHistory stored)
            throws IOException {
        var repo = cache.open(worktree, ref.sessionId());
        try {
            return new Project(ref, cache, repo, stored, CacheSync.sync(cache, repo, stored));
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw e;
        }
    }

    private static void requireWorktree(Path worktree) {
        if (worktree == null || !Files.isDirectory(worktree)) {
            throw Failures.invalid("the working tree " + worktree + " is not a folder");
        }
    }

    /** The git directory must never be inside the working tree, where the sandbox could rewrite it. */
    private static void requireOutside(Path gitDir, Path worktree) {
        if (worktree != null && gitDir.startsWith(worktree.toAbsolutePath().normalize())) {
            throw Failures.invalid("the git cache " + gitDir + " lies inside the working tree " + worktree
                    + "; configure a cache folder outside the projects");
        }
    }
}
