package io.coditect.studio.core.internal.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.coditect.studio.api.storage.ListPage;
import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;

/**
 * Copies one stored folder into a workspace folder and writes changes back. It remembers size and
 * modification time of every file as last synchronised, so a write-back uploads only what changed
 * and deletes the objects of removed files; objects that appeared in storage meanwhile (another
 * node) are not deleted. Transfers run on the given executor, several at once.
 */
public final class WorkspaceSync {

    private final StorageBackend storage;
    private final StoragePath prefix;
    private final Path dir;
    private final Predicate<String> excluded;
    private final ExecutorService io;
    private final Map<String, SyncedFile> synced = new ConcurrentHashMap<>();

    /**
     * @param excluded relative paths (and folders, with a trailing '/') that belong elsewhere, for
     *                 example the project folder inside the home
     */
    public WorkspaceSync(StorageBackend storage, StoragePath prefix, Path dir, Predicate<String> excluded,
            ExecutorService io) {
        this.storage = storage;
        this.prefix = prefix;
        this.dir = dir;
        this.excluded = excluded;
        this.io = io;
    }

    /** Downloads every stored object below the prefix into the folder. */
    public synchronized SyncReport download() {
        AtomicInteger files = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> work = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            String cursor = null;
            do {
                ListPage page = storage.list(prefix, cursor, StorageBackend.MAX_LIST_LIMIT);
                for (ObjectInfo o : page.objects()) {
                    String rel = prefix.relativize(o.path());
                    if (excluded.test(rel)) {
                        continue;
                    }
                    work.add(io.submit(() -> {
                        Path target = dir.resolve(rel).normalize();
                        if (!target.startsWith(dir)) {
                            skipped.add(rel + ": leaves the workspace");
                            return null;
                        }
                        fetch(o, target);
                        files.incrementAndGet();
                        bytes.addAndGet(o.size());
                        return null;
                    }));
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            await(work);
        } catch (IOException | StorageException e) {
            work.forEach(f -> f.cancel(true));
            throw WorkspaceFiles.unavailable("cannot load " + prefix.key() + " from storage '" + storage.id() + "': "
                    + e.getMessage(), e);
        }
        return new SyncReport(files.get(), 0, 0, bytes.get(), skipped);
    }

    /** Uploads new and changed files and deletes the objects of files that were removed. */
    public synchronized SyncReport upload() {
        Map<String, BasicFileAttributes> now = scan();
        AtomicInteger files = new AtomicInteger();
        AtomicInteger unchanged = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> work = new ArrayList<>();
        for (Map.Entry<String, BasicFileAttributes> e : now.entrySet()) {
            String rel = e.getKey();
            BasicFileAttributes a = e.getValue();
            if (!a.isRegularFile()) {
                skipped.add(rel + ": not a regular file");
                continue;
            }
            SyncedFile before = synced.get(rel);
            if (before != null && before.size() == a.size() && before.modifiedMillis() == a.lastModifiedTime()
                    .toMillis()) {
                unchanged.incrementAndGet();
                continue;
            }
            StoragePath key;
            try {
                key = prefix.resolve(rel);
            } catch (IllegalArgumentException x) { // InvalidKeyException: a name storage refuses
                skipped.add(rel + ": " + x.getMessage());
                continue;
            }
            work.add(io.submit(() -> {
                Path file = dir.resolve(rel);
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    storage.put(key, in, a.size(), WriteCondition.NONE);
                }
                synced.put(rel, new SyncedFile(a.size(), a.lastModifiedTime().toMillis()));
                files.incrementAndGet();
                bytes.addAndGet(a.size());
                return null;
            }));
        }
        Set<String> removed = new HashSet<>(synced.keySet());
        removed.removeAll(now.keySet());
        AtomicInteger deleted = new AtomicInteger();
        for (String rel : removed) {
            work.add(io.submit(() -> {
                storage.delete(prefix.resolve(rel), WriteCondition.NONE);
                synced.remove(rel);
                deleted.incrementAndGet();
                return null;
            }));
        }
        try {
            await(work);
        } catch (IOException | StorageException e) {
            throw WorkspaceFiles.unavailable("cannot write " + dir + " back to " + prefix.key() + " in storage '"
                    + storage.id() + "' (what was written is kept, the rest is retried next time): " + e.getMessage(),
                    e);
        }
        return new SyncReport(files.get(), deleted.get(), unchanged.get(), bytes.get(), skipped);
    }

    private void fetch(ObjectInfo o, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".studio-sync-" + Thread.currentThread().getId());
        try (StorageObject obj = storage.get(o.path())) {
            Files.copy(obj.content(), tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setLastModifiedTime(tmp, FileTime.from(o.lastModified()));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
        synced.put(prefix.relativize(o.path()), new SyncedFile(a.size(), a.lastModifiedTime().toMillis()));
    }

    /** Files of the folder by relative path, without excluded ones; links are listed, not followed. */
    private Map<String, BasicFileAttributes> scan() {
        Map<String, BasicFileAttributes> found = new java.util.HashMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    return d.equals(dir) || !excluded.test(rel(d) + "/") ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    String r = rel(f);
                    if (!excluded.test(r) && !f.getFileName().toString().startsWith(".studio-")) {
                        found.put(r, a);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while walking
                }
            });
        } catch (IOException e) {
            throw WorkspaceFiles.unavailable("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    private String rel(Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    private static void await(List<Future<?>> work) throws IOException {
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(c);
            }
        }
    }
}
