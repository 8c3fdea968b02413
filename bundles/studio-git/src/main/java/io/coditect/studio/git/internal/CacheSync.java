package io.coditect.studio.git.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectDatabase;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a project's cache in line with storage, which is the truth. Each call costs one
 * {@code stat} of the stored refs when nothing changed elsewhere; otherwise the stored refs are read,
 * packs the cache lacks are downloaded (only when a ref points at a commit it does not have) and the
 * local refs are set to the stored ones. A lost cache is rebuilt the same way from an empty repository.
 */
final class CacheSync {

    private static final Logger LOG = LoggerFactory.getLogger(CacheSync.class);

    private CacheSync() {
    }

    /** Creates the cache when it is missing; call before opening it. */
    static void ensureCache(ProjectCache cache) throws IOException {
        if (!cache.exists()) {
            cache.create();
        }
    }

    /** @return the stored refs, which the local refs now equal */
    static StoredRefs sync(ProjectCache cache, Repository repo, StoredHistory stored) throws IOException {
        Optional<String> etag = stored.refsEtag();
        String synced = cache.syncedEtag();
        if (ProjectCache.matches(synced, etag.orElse(null))) {
            return new StoredRefs(localRefs(repo), etag.orElse(null));
        }
        StoredRefs refs = stored.readRefs();
        fetchMissingObjects(repo, refs, stored);
        mirrorRefs(repo, refs.refs());
        cache.recordSynced(refs.etag());
        return refs;
    }

    static SortedMap<String, ObjectId> localRefs(Repository repo) throws IOException {
        SortedMap<String, ObjectId> refs = new TreeMap<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
            if (!r.isSymbolic() && r.getObjectId() != null) {
                refs.put(r.getName(), r.getObjectId());
            }
        }
        return refs;
    }

    private static void fetchMissingObjects(Repository repo, StoredRefs refs, StoredHistory stored)
            throws IOException {
        ObjectDatabase db = repo.getObjectDatabase();
        if (refs.tips().stream().allMatch(id -> has(db, id))) {
            return;
        }
        Path packDir = repo.getDirectory().toPath().resolve("objects").resolve("pack");
        Files.createDirectories(packDir);
        int fetched = 0;
        for (String name : stored.packNames()) {
            if (!Files.exists(packDir.resolve(name + ".idx"))) {
                stored.download(name, packDir);
                fetched++;
            }
        }
        for (ObjectId tip : refs.tips()) {
            if (!db.has(tip)) {
                throw new IOException("storage has a ref to commit " + tip.name()
                        + " but none of its packs holds it; the stored repository is incomplete");
            }
        }
        LOG.info("git cache {}: fetched {} pack(s) from storage", repo.getDirectory(), fetched);
    }

    private static boolean has(ObjectDatabase db, ObjectId id) {
        try {
            return db.has(id);
        } catch (IOException e) {
            return false;
        }
    }

    /** Sets the local refs to {@code refs}, deleting the ones storage does not have. */
    private static void mirrorRefs(Repository repo, Map<String, ObjectId> refs) throws IOException {
        for (Map.Entry<String, ObjectId> local : localRefs(repo).entrySet()) {
            if (!refs.containsKey(local.getKey())) {
                RefUpdate u = repo.updateRef(local.getKey());
                u.setForceUpdate(true);
                check(u.delete(), u);
            }
        }
        SortedMap<String, ObjectId> current = localRefs(repo);
        for (Map.Entry<String, ObjectId> e : refs.entrySet()) {
            if (!e.getValue().equals(current.get(e.getKey()))) {
                setRef(repo, e.getKey(), current.get(e.getKey()), e.getValue());
            }
        }
    }

    /** Moves a local ref from {@code expected} (null: absent) to {@code id}. */
    static void setRef(Repository repo, String name, ObjectId expected, ObjectId id) throws IOException {
        RefUpdate u = repo.updateRef(name);
        u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        check(u.update(), u);
    }

    private static void check(RefUpdate.Result result, RefUpdate u) throws IOException {
        switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE:
                return;
            default:
                throw new IOException("could not set " + u.getName() + " in the git cache: " + result);
        }
    }
}
