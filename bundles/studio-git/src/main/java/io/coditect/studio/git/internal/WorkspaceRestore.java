package io.coditect.studio.git.internal;

import java.io.IOException;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Makes a working tree the tree of a commit without moving any branch: files whose content differs
 * are written (each to a temporary file renamed into place), files not in the commit are deleted,
 * ignored files are left alone. The session index ends up describing the result, so the next commit
 * records exactly the difference to the branch.
 */
final class WorkspaceRestore {

    private WorkspaceRestore() {
    }

    static void restore(Project p, RevCommit target, ObjectId seedTree) throws IOException, GitAPIException {
        // staged first, every file that is not ignored is tracked, and so removed when the commit lacks it
        DirCache staged = WorkspaceStaging.stage(p.repo, seedTree);
        requireObjects(p.repo, staged, target.getTree());
        DirCacheCheckout checkout = new DirCacheCheckout(p.repo, p.repo.lockDirCache(), target.getTree());
        checkout.setFailOnConflict(false);
        checkout.setForce(true);
        if (!checkout.checkout()) {
            throw new IOException("could not delete " + checkout.getToBeDeleted() + " in the working tree");
        }
    }

    /** Fails before the working tree is touched when an object to write cannot be read. */
    private static void requireObjects(Repository repo, DirCache staged, ObjectId tree) throws IOException {
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.addTree(new DirCacheIterator(staged));
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                ObjectId id = walk.getObjectId(0);
                FileMode mode = walk.getFileMode(0);
                if (mode != FileMode.MISSING && mode != FileMode.GITLINK && !reader.has(id)) {
                    throw new IOException("object " + id.name() + " of " + walk.getPathString()
                            + " is missing from the git cache");
                }
            }
        }
    }
}
