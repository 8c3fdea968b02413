package io.coditect.studio.api.session;

import java.time.Instant;
import java.util.List;

/**
 * One commit of a project history.
 *
 * @param id        full commit id, lower-case hex
 * @param parentIds ids of its parents (none for the first commit)
 * @param message   the full commit message
 * @param author    who made it
 * @param time      author time
 * @param changes   files added, modified or deleted against the first parent (paths relative to the
 *                  working tree, '/'-separated); may be empty when not asked for
 */
public record Commit(String id, List<String> parentIds, String message, Author author, Instant time,
        List<FileChange> changes) {

    public Commit {
        parentIds = parentIds == null ? List.of() : List.copyOf(parentIds);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** A git identity. */
    public record Author(String name, String email) {
    }

    /** One changed path. */
    public record FileChange(Type type, String path, String oldPath) {

        public enum Type {
            ADDED, MODIFIED, DELETED, RENAMED
        }
    }
}
