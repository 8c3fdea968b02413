package io.coditect.studio.api.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.coditect.studio.api.storage.StorageBackend;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Git history of project working trees (SDD §2.2 "Git-Native"). The repository of a project is a
 * bare repository kept in the storage backend under {@link HistoryRef#storagePrefix()} (and,
 * when an organisation configures one, also pushed to a remote URL); a node keeps a local cache of
 * it and may lose that cache at any time. The git directory is never inside the working tree, so
 * nothing in the sandbox can rewrite history. {@code .gitignore} files of the tree are honoured.
 * Failures are {@link io.coditect.studio.api.store.StoreException}s (INVALID for an unknown commit,
 * UNAVAILABLE when storage or the remote cannot be reached); a failed call leaves the history and
 * the working tree as they were. Thread-safe; calls on one project are serialised.
 */
@ProviderType
public interface WorkspaceHistory {

    /**
     * Commits every change of {@code worktree} on the session's branch (which starts from
     * {@code baseCommit} when it does not exist yet, or from nothing when that is null), then writes
     * the new objects and refs to storage before returning.
     *
     * @param allowEmpty whether to commit when nothing changed
     * @return the new commit with its changes, or empty when nothing changed and {@code allowEmpty}
     *         is false
     */
    Optional<Commit> commit(StorageBackend storage, HistoryRef ref, Path worktree, Commit.Author author,
            String message, String baseCommit, boolean allowEmpty);

    /**
     * Makes {@code worktree} the tree of {@code commitId} (a commit of this project): tracked files are
     * written or deleted, ignored files are left alone. The branch is not moved, so the next commit
     * records the restore and nothing is lost.
     */
    void restore(StorageBackend storage, HistoryRef ref, Path worktree, String commitId);

    /** The commit with its changes against its first parent. */
    Commit commitInfo(StorageBackend storage, HistoryRef ref, String commitId);

    /** Unified diff of {@code commitId} against its first parent, at most {@code maxBytes} long. */
    String diff(StorageBackend storage, HistoryRef ref, String commitId, int maxBytes);

    /** The session branch's commits, newest first, at most {@code limit}. */
    List<Commit> log(StorageBackend storage, HistoryRef ref, int limit);
}
