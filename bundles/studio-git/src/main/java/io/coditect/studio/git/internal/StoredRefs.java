package io.coditect.studio.git.internal;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.jgit.lib.ObjectId;

/**
 * The refs of a project's repository in storage.
 *
 * @param refs ref name to commit
 * @param etag ETag of the stored {@code packed-refs}, or null when the project has none yet
 */
record StoredRefs(SortedMap<String, ObjectId> refs, String etag) {

    static final StoredRefs NONE = new StoredRefs(new TreeMap<>(), null);

    StoredRefs {
        refs = Collections.unmodifiableSortedMap(new TreeMap<>(refs));
    }

    /** The tips, which a new pack need not repeat: storage holds everything they reach. */
    Set<ObjectId> tips() {
        return new HashSet<>(refs.values());
    }

    /** These refs with {@code name} set to {@code id}. */
    SortedMap<String, ObjectId> with(String name, ObjectId id) {
        SortedMap<String, ObjectId> copy = new TreeMap<>(refs);
        copy.put(name, id);
        return copy;
    }
}
