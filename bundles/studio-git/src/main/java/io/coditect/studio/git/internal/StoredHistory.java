package io.coditect.studio.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.coditect.studio.api.storage.ListPage;
import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A project's bare repository in the storage backend, as plain objects below its prefix:
 *
 * <pre>
 * objects/pack/pack-&lt;name&gt;.pack, .idx   immutable, written only when absent; the .idx last
 * packed-refs                           every ref; replaced only if its ETag is still the one read
 * HEAD, config, refs/.keep              written once (refs/.keep makes refs/ exist in a copy)
 * </pre>
 *
 * A copy of these files is a bare repository git can read. Writers upload packs before the refs
 * that need them, so a reader never finds a ref to a missing object.
 */
final class StoredHistory {

    static final String PACKED_REFS = "packed-refs";

    private static final Pattern PACK_FILE = Pattern.compile("(pack-[0-9a-f]{40})\\.(pack|idx)");
    private static final String CONFIG = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

    private final StorageBackend storage;
    private final StoragePath root;

    StoredHistory(StorageBackend storage, StoragePath root) {
        this.storage = storage;
        this.root = root;
    }

    /** ETag of the stored refs, empty when there are none yet. */
    Optional<String> refsEtag() {
        return storage.stat(root.child(PACKED_REFS)).map(ObjectInfo::etag);
    }

    StoredRefs readRefs() throws IOException {
        try (StorageObject o = storage.get(root.child(PACKED_REFS))) {
            return new StoredRefs(PackedRefs.parse(o.content().readAllBytes()), o.info().etag());
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return StoredRefs.NONE;
            }
            throw e;
        }
    }

    /**
     * Replaces the stored refs if their ETag is still {@code expectedEtag} (null: if there are none).
     *
     * @return the new ETag
     * @throws StorageException PRECONDITION_FAILED when another writer got there first
     */
    String writeRefs(SortedMap<String, ObjectId> refs, String expectedEtag) {
        byte[] content = PackedRefs.format(refs);
        WriteCondition condition = expectedEtag == null ? WriteCondition.ABSENT : WriteCondition.ifMatch(expectedEtag);
        return storage.put(root.child(PACKED_REFS), new ByteArrayInputStream(content), content.length, condition).etag();
    }

    /** Names ({@code pack-<hex>}) of the packs whose pack and index are both stored. */
    Set<String> packNames() {
        Set<String> packs = new HashSet<>();
        Set<String> indexes = new HashSet<>();
        String cursor = null;
        do {
            ListPage page = storage.list(packFolder(), cursor, StorageBackend.MAX_LIST_LIMIT);
            for (ObjectInfo o : page.objects()) {
                Matcher m = PACK_FILE.matcher(o.path().name());
                if (m.matches()) {
                    (m.group(2).equals("pack") ? packs : indexes).add(m.group(1));
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        packs.retainAll(indexes);
        return new TreeSet<>(packs);
    }

    /** Copies a stored pack into {@code packDir}, its index last, each file appearing whole. */
    void download(String name, Path packDir) throws IOException {
        for (String ext : new String[] {".pack", ".idx"}) {
            Path target = packDir.resolve(name + ext);
            Path tmp = packDir.resolve("incoming-" + UUID.randomUUID() + ext);
            try (StorageObject o = storage.get(packFolder().child(name + ext))) {
                Files.copy(o.content(), tmp);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Stores a pack and then its index; either already being there is fine (same name, same objects). */
    void upload(String name, Path pack, Path index) throws IOException {
        putIfAbsent(packFolder().child(name + ".pack"), pack);
        putIfAbsent(packFolder().child(name + ".idx"), index);
    }

    /** Writes HEAD (pointing at {@code headRef}), config and refs/.keep where they are missing. */
    void writeSkeleton(String headRef) {
        putIfAbsent(root.child("HEAD"), ("ref: " + headRef + "\n").getBytes(UTF_8));
        putIfAbsent(root.child("config"), CONFIG.getBytes(UTF_8));
        putIfAbsent(root.child("refs").child(".keep"), new byte[0]);
    }

    private StoragePath packFolder() {
        return root.child("objects").child("pack");
    }

    private void putIfAbsent(StoragePath path, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            putIfAbsent(path, in, Files.size(file));
        }
    }

    private void putIfAbsent(StoragePath path, byte[] content) {
        putIfAbsent(path, new ByteArrayInputStream(content), content.length);
    }

    private void putIfAbsent(StoragePath path, InputStream in, long length) {
        try {
            storage.put(path, in, length, WriteCondition.ABSENT);
        } catch (StorageException e) {
            if (e.kind() != StorageException.Kind.PRECONDITION_FAILED) {
                throw e;
            }
        }
    }
}
