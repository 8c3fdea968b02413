package io.coditect.studio.git.internal;

import java.io.IOException;

import io.coditect.studio.api.session.HistoryRef;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One call's view of a project: the cache repository opened for the session (its working tree and
 * index), the stored repository, and the refs both agree on after {@link CacheSync}.
 */
final class Project implements AutoCloseable {

    final HistoryRef ref;
    final ProjectCache cache;
    final PackingRepository repo;
    final StoredHistory stored;
    final StoredRefs synced;

    Project(HistoryRef ref, ProjectCache cache, PackingRepository repo, StoredHistory stored, StoredRefs synced) {
        this.ref = ref;
        this.cache = cache;
        this.repo = repo;
        this.stored = stored;
        this.synced = synced;
    }

    /** {@code refs/heads/sessions/<session>} */
    String branch() {
        return Constants.R_HEADS + ref.branch();
    }

    /** The session branch's tip, or null before its first commit. */
    ObjectId branchTip() {
        return synced.refs().get(branch());
    }

    /**
     * The commit {@code id}, which must be reachable from one of the project's branches.
     *
     * @throws io.coditect.studio.api.store.StoreException INVALID otherwise
     */
    RevCommit commit(RevWalk walk, String id) throws IOException {
        if (id == null || id.length() != Constants.OBJECT_ID_STRING_LENGTH || !ObjectId.isId(id)) {
            throw Failures.invalid("'" + (id == null ? "" : id) + "' is not a checkpoint commit id (40 hex digits)");
        }
        ObjectId oid = ObjectId.fromString(id);
        RevCommit commit;
        try {
            commit = walk.parseCommit(oid);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw Failures.notInHistory(oid.name(), ref);
        }
        ObjectId own = branchTip();
        if (own != null && walk.isMergedInto(commit, walk.parseCommit(own))) {
            return commit;
        }
        for (ObjectId tip : synced.tips()) {
            if (walk.isMergedInto(commit, walk.parseCommit(tip))) {
                return commit;
            }
        }
        throw Failures.notInHistory(oid.name(), ref);
    }

    @Override
    public void close() {
        repo.close();
    }
}
