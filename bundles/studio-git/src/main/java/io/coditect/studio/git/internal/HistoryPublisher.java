package io.coditect.studio.git.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.store.StoreException;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Publishes a new tip of a session branch to storage: a pack of exactly the objects the stored tips
 * do not reach (they are the "haves"), which the cache keeps too, then the refs, replaced only if
 * nobody changed them since they were read (else merged and retried). The local branch moves last.
 */
final class HistoryPublisher {

    private static final int REF_ATTEMPTS = 5;

    private HistoryPublisher() {
    }

    /**
     * A pack written into the cache's {@code objects/pack} and uploaded.
     *
     * @param name    {@code pack-<hex>}
     * @param objects the objects in it
     */
    record Published(String name, Path pack, Path index, ObjectIdOwnerMap<ObjectIdOwnerMap.Entry> objects) {
    }

    /** @return the pack of the new objects, or null when storage already had every object */
    static Published publish(Project p, ObjectId oldTip, ObjectId newTip) throws IOException {
        Published pack = writePack(p.repo, newTip, p.synced.tips());
        if (pack != null) {
            p.stored.upload(pack.name(), pack.pack(), pack.index());
        }
        if (p.synced.etag() == null) {
            p.stored.writeSkeleton(p.branch());
        }
        writeRefs(p, oldTip, newTip);
        return pack;
    }

    private static Published writePack(Repository repo, ObjectId want, Set<ObjectId> haves) throws IOException {
        Path packDir = repo.getDirectory().toPath().resolve("objects").resolve("pack");
        Files.createDirectories(packDir);
        // every pack holds one checkpoint, so deltas would rarely find a base in it: skip the search
        PackConfig config = new PackConfig(repo);
        config.setDeltaCompress(false);
        config.setBuildBitmaps(false);
        config.setIndexVersion(2);
        String tmp = "outgoing-" + UUID.randomUUID();
        Path tmpPack = packDir.resolve(tmp + ".pack");
        Path tmpIndex = packDir.resolve(tmp + ".idx");
        try (ObjectReader reader = repo.newObjectReader(); PackWriter writer = new PackWriter(config, reader)) {
            writer.setUseBitmaps(false);
            writer.setUseCachedPacks(false);
            writer.setIgnoreMissingUninteresting(true);
            writer.preparePack(NullProgressMonitor.INSTANCE, Set.of(want), haves);
            if (writer.getObjectCount() == 0) {
                return null;
            }
            try (FileChannel ch = FileChannel.open(tmpPack, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
                out.flush();
                ch.force(true);
            }
            try (FileChannel ch = FileChannel.open(tmpIndex, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                writer.writeIndex(out);
                out.flush();
                ch.force(true);
            }
            String name = "pack-" + writer.computeName().name();
            Published pack = new Published(name, packDir.resolve(name + ".pack"), packDir.resolve(name + ".idx"),
                    writer.getObjectSet());
            if (!Files.exists(pack.index())) {
                Files.move(tmpPack, pack.pack(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmpIndex, pack.index(), StandardCopyOption.ATOMIC_MOVE);
            }
            return pack;
        } finally {
            Files.deleteIfExists(tmpPack);
            Files.deleteIfExists(tmpIndex);
        }
    }

    private static void writeRefs(Project p, ObjectId oldTip, ObjectId newTip) throws IOException {
        StoredRefs base = p.synced;
        for (int attempt = 1;; attempt++) {
            try {
                String etag = p.stored.writeRefs(base.with(p.branch(), newTip), base.etag());
                CacheSync.setRef(p.repo, p.branch(), oldTip, newTip);
                if (base == p.synced) {
                    p.cache.recordSynced(etag);
                } else {
                    // other refs moved meanwhile; the next call fetches them
                    p.cache.forgetSynced();
                }
                return;
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.PRECONDITION_FAILED || attempt == REF_ATTEMPTS) {
                    throw e;
                }
            }
            base = p.stored.readRefs();
            if (!Objects.equals(base.refs().get(p.branch()), oldTip)) {
                throw StoreException.conflict("the branch " + p.ref.branch() + " of project " + p.ref.projectId()
                        + " was moved in storage by another node meanwhile; commit again to build on it");
            }
        }
    }
}
