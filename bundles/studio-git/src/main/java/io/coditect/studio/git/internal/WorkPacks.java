package io.coditect.studio.git.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packs a call's inserters add to the cache ({@link PackingRepository}). Once the checkpoint's
 * pack, which the cache keeps like storage does, holds every object of such a work pack, the work
 * pack is deleted; so the cache stays one pack per checkpoint. Work packs that are not fully
 * published (staged content of a failed or empty checkpoint, which the session index may still
 * point at) are kept.
 */
final class WorkPacks {

    private static final Logger LOG = LoggerFactory.getLogger(WorkPacks.class);

    private final PackingRepository repo;
    private final Set<String> before;

    private WorkPacks(PackingRepository repo, Set<String> before) {
        this.repo = repo;
        this.before = before;
    }

    /** Remembers the packs there are before the call writes any. */
    static WorkPacks from(PackingRepository repo) {
        Set<String> names = new HashSet<>();
        for (Pack p : repo.getObjectDatabase().getPacks()) {
            names.add(p.getPackFile().getName());
        }
        return new WorkPacks(repo, names);
    }

    /** Deletes the packs written since {@link #from} whose objects are all in {@code published}. */
    void dropPublished(String publishedPack, ObjectIdOwnerMap<? extends ObjectIdOwnerMap.Entry> published) {
        for (Pack p : repo.getObjectDatabase().getPacks()) {
            String name = p.getPackFile().getName();
            if (before.contains(name) || name.equals(publishedPack + ".pack") || !allIn(p, published)) {
                continue;
            }
            try {
                Path pack = p.getPackFile().toPath();
                Files.deleteIfExists(pack);
                Files.deleteIfExists(pack.resolveSibling(name.replaceFirst("\\.pack$", ".idx")));
            } catch (IOException e) {
                LOG.warn("could not delete the work pack {} from the git cache: {}", p.getPackFile(), e.toString());
            }
        }
    }

    private static boolean allIn(Pack pack, ObjectIdOwnerMap<? extends ObjectIdOwnerMap.Entry> published) {
        for (PackIndex.MutableEntry e : pack) {
            AnyObjectId id = e.toObjectId();
            if (!published.contains(id)) {
                return false;
            }
        }
        return true;
    }
}
