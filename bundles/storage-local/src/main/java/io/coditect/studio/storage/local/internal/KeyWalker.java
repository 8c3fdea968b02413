package io.coditect.studio.storage.local.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

import io.coditect.studio.api.storage.InvalidKeyException;
import io.coditect.studio.api.storage.StoragePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the objects below one folder in ascending key order ({@link String#compareTo}, as
 * {@link StoragePath#compareTo}), lazily: one folder's names are read when the walk enters it, and
 * a name is examined on disk only when the walk reaches it.
 *
 * <p>File system order is not key order: the keys below folder {@code a} all start with {@code a/}, so
 * a folder sorts as its name followed by {@code /} ({@code a-b} and {@code a.b} before {@code a/x},
 * {@code a0} after). Names are therefore first sorted as plain strings, examined in that order, and a
 * folder waits in a small queue until no name still to examine can sort before {@code name + "/"}.
 *
 * <p>Subtrees whose keys all sort at or before {@code after} are skipped without being read. Symbolic
 * links, special files and names that are not valid key segments are skipped (never followed).
 */
final class KeyWalker {

    /** An object (regular file) found by the walk. */
    record Found(StoragePath key, Path file) {
    }

    private record Entry(String sortKey, StoragePath key, Path path, boolean folder) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeyWalker.class);

    private final String after;
    private final Deque<Frame> stack = new ArrayDeque<>();

    /**
     * @param dir    the folder holding the keys below {@code dirKey}
     * @param after  return only keys sorting after this one; null for all
     */
    KeyWalker(Path dir, StoragePath dirKey, String after) throws IOException {
        this.after = after;
        stack.push(new Frame(dir, dirKey));
    }

    /** The next object in key order, or null at the end. */
    Found next() throws IOException {
        while (!stack.isEmpty()) {
            Entry e = stack.peek().next();
            if (e == null) {
                stack.pop();
            } else if (e.folder()) {
                stack.push(new Frame(e.path(), e.key()));
            } else if (after == null || e.key().key().compareTo(after) > 0) {
                return new Found(e.key(), e.path());
            }
        }
        return null;
    }

    /** One folder being walked. */
    private final class Frame {
        private final Path dir;
        private final StoragePath dirKey;
        /** Entry names, sorted as strings. */
        private final String[] names;
        private final PriorityQueue<Entry> ready = new PriorityQueue<>(Comparator.comparing(Entry::sortKey));
        private int next;

        Frame(Path dir, StoragePath dirKey) throws IOException {
            this.dir = dir;
            this.dirKey = dirKey;
            String base = dirKey.key() + "/";
            List<String> found = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (after != null && before(base + name + "/")) {
                        // the entry and, if it is a folder, everything below it sort before the cursor
                        continue;
                    }
                    found.add(name);
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                // removed while we walked: nothing below it any more
            }
            names = found.toArray(new String[0]);
            Arrays.sort(names);
        }

        /** True when {@code folderPrefix} and every key starting with it sort before {@link #after}. */
        private boolean before(String folderPrefix) {
            return folderPrefix.compareTo(after) < 0 && !after.startsWith(folderPrefix);
        }

        /** The next entry in key order, or null when the folder is done. */
        Entry next() throws IOException {
            while (true) {
                // every name not yet examined sorts at or after names[next], and an entry's sort key is
                // its name or its name + "/", so the queue head is final once it sorts before names[next]
                if (!ready.isEmpty() && (next >= names.length || ready.peek().sortKey().compareTo(names[next]) < 0)) {
                    return ready.poll();
                }
                if (next >= names.length) {
                    return null;
                }
                Entry e = examine(names[next]);
                next++;
                if (e != null) {
                    ready.add(e);
                }
            }
        }

        private Entry examine(String name) throws IOException {
            StoragePath key;
            try {
                key = dirKey.child(name);
            } catch (InvalidKeyException e) {
                // not a key this store could have written (an in-flight "%part-" file, a name that is
                // not NFKC, ...): not an object
                return null;
            }
            Path path = dir.resolve(name);
            BasicFileAttributes a = LocalStorage.lstat(path);
            if (a == null) {
                return null;
            }
            if (a.isSymbolicLink()) {
                LOG.warn("storage listing skips the symbolic link {}: links inside the storage root are never followed",
                        path);
                return null;
            }
            if (a.isDirectory()) {
                return new Entry(name + "/", key, path, true);
            }
            if (a.isRegularFile()) {
                return new Entry(name, key, path, false);
            }
            LOG.debug("storage listing skips {}: not a regular file", path);
            return null;
        }
    }
}
