package io.coditect.studio.git.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.Commit.FileChange;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/** JGit commits as API {@link Commit}s. */
final class CommitViews {

    private CommitViews() {
    }

    static Commit withoutChanges(RevCommit c) {
        return view(c, List.of());
    }

    /** The commit with its changes against its first parent (renames detected). */
    static Commit withChanges(Repository repo, RevWalk walk, RevCommit c) throws IOException {
        List<FileChange> changes = new ArrayList<>();
        for (DiffEntry d : scan(repo, walk, c)) {
            changes.add(switch (d.getChangeType()) {
                case ADD, COPY -> new FileChange(FileChange.Type.ADDED, d.getNewPath(), null);
                case MODIFY -> new FileChange(FileChange.Type.MODIFIED, d.getNewPath(), null);
                case DELETE -> new FileChange(FileChange.Type.DELETED, d.getOldPath(), null);
                case RENAME -> new FileChange(FileChange.Type.RENAMED, d.getNewPath(), d.getOldPath());
            });
        }
        return view(c, changes);
    }

    /** The tree of the first parent, or null for a first commit. */
    static ObjectId parentTree(RevWalk walk, RevCommit c) throws IOException {
        return c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0)).getTree();
    }

    private static List<DiffEntry> scan(Repository repo, RevWalk walk, RevCommit c) throws IOException {
        try (DiffFormatter f = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            f.setRepository(repo);
            f.setDetectRenames(true);
            return f.scan(parentTree(walk, c), c.getTree());
        }
    }

    private static Commit view(RevCommit c, List<FileChange> changes) {
        PersonIdent a = c.getAuthorIdent();
        List<String> parents = Arrays.stream(c.getParents()).map(ObjectId::name).toList();
        return new Commit(c.name(), parents, c.getFullMessage(), new Commit.Author(a.getName(), a.getEmailAddress()),
                a.getWhenAsInstant(), changes);
    }
}
