package io.coditect.studio.git.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import io.coditect.studio.api.session.Commit;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A checkpoint: the working tree staged into the session index, its tree committed on the session
 * branch (started at the base commit, or as an orphan), and published to storage.
 */
final class CheckpointCommit {

    private CheckpointCommit() {
    }

    /**
     * A published checkpoint.
     *
     * @param pack its pack, null when storage already had every object
     */
    record Checkpoint(RevCommit commit, HistoryPublisher.Published pack) {
    }

    /** @return the checkpoint, or empty when the tree equals the parent's and empty commits are not wanted */
    static Optional<Checkpoint> commit(Project p, RevWalk walk, Commit.Author author, String message,
            String baseCommit, boolean allowEmpty) throws IOException, GitAPIException {
        ObjectId tip = p.branchTip();
        RevCommit parent = tip != null ? walk.parseCommit(tip) : baseCommit != null ? p.commit(walk, baseCommit) : null;
        DirCache index = WorkspaceStaging.stage(p.repo, parent == null ? null : parent.getTree());
        ObjectId commitId;
        try (ObjectInserter inserter = p.repo.newObjectInserter()) {
            ObjectId tree = index.writeTree(inserter);
            if (!allowEmpty && tree.equals(parent == null ? emptyTree(inserter) : parent.getTree())) {
                return Optional.empty();
            }
            PersonIdent who = new PersonIdent(author.name(), author.email() == null ? "" : author.email(),
                    Instant.now(), ZoneOffset.UTC);
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(tree);
            if (parent != null) {
                c.setParentId(parent);
            }
            c.setAuthor(who);
            c.setCommitter(who);
            c.setMessage(message);
            commitId = inserter.insert(c);
            inserter.flush();
        }
        HistoryPublisher.Published pack = HistoryPublisher.publish(p, tip, commitId);
        return Optional.of(new Checkpoint(walk.parseCommit(commitId), pack));
    }

    private static ObjectId emptyTree(ObjectInserter inserter) {
        return inserter.idFor(Constants.OBJ_TREE, new byte[0]);
    }
}
