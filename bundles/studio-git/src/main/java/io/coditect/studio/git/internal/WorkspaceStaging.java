package io.coditect.studio.git.internal;

import java.io.IOException;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Stages a session's working tree into its index, as {@code git add -A}: new, changed and deleted
 * files, {@code .gitignore} honoured, nested {@code .git} folders skipped. Only files whose size or
 * modification time differ from the index entry are read and hashed (JGit's racy-clean check).
 */
final class WorkspaceStaging {

    private WorkspaceStaging() {
    }

    /**
     * @param seedTree the tree the session index starts from when the session has none on this node
     *                 yet (so files tracked there stay tracked even when ignored), or null
     * @return the staged index (no longer locked)
     */
    static DirCache stage(Repository repo, ObjectId seedTree) throws IOException, GitAPIException {
        if (!repo.getIndexFile().exists()) {
            seed(repo, seedTree);
        }
        return Git.wrap(repo).add().setAll(true).setRenormalize(false).call();
    }

    private static void seed(Repository repo, ObjectId tree) throws IOException {
        DirCache dc = repo.lockDirCache();
        try {
            DirCacheBuilder builder = dc.builder();
            if (tree != null) {
                try (ObjectReader reader = repo.newObjectReader()) {
                    builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, tree);
                }
            }
            builder.commit();
        } finally {
            dc.unlock();
        }
    }
}
