package io.coditect.studio.core.internal.workspace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Reads a folder tree with several threads: on these hosts one stat per file is most of a listing's
 * time, and the folders of a tree can be read side by side. Links are reported, never followed.
 */
final class TreeWalk<T> {

    /** Shared by every listing; threads are daemons and idle ones time out. */
    private static final ForkJoinPool POOL = new ForkJoinPool(4, pool -> {
        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("studio-tree-walk-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    private final BiFunction<String, BasicFileAttributes, T> entry;
    private final int limit;
    private final Queue<T> found = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    private TreeWalk(BiFunction<String, BasicFileAttributes, T> entry, int limit) {
        this.entry = entry;
        this.limit = limit;
    }

    /**
     * Everything below {@code dir} (not {@code dir} itself), at most {@code limit} entries, in no
     * particular order; each entry is made from its path ({@code prefix} + '/'-separated names below
     * {@code dir}) and attributes.
     */
    static <T> Result<T> walk(Path dir, String prefix, boolean recursive, int limit,
            BiFunction<String, BasicFileAttributes, T> entry) {
        TreeWalk<T> w = new TreeWalk<>(entry, limit);
        POOL.invoke(w.new Folder(dir, prefix.isEmpty() ? "" : prefix + "/", recursive));
        return new Result<>(new ArrayList<>(w.found), w.count.get() > limit);
    }

    record Result<T>(List<T> entries, boolean truncated) {
    }

    private final class Folder extends RecursiveAction {
        private final Path dir;
        private final String prefix;
        private final boolean recursive;

        Folder(Path dir, String prefix, boolean recursive) {
            this.dir = dir;
            this.prefix = prefix;
            this.recursive = recursive;
        }

        @Override
        protected void compute() {
            List<Folder> below = new ArrayList<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path p : children) {
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        continue; // deleted while listing, or unreadable
                    }
                    if (count.incrementAndGet() > limit) {
                        break;
                    }
                    String path = prefix + p.getFileName().toString();
                    found.add(entry.apply(path, a));
                    if (recursive && a.isDirectory()) {
                        below.add(new Folder(p, path + "/", true));
                    }
                }
            } catch (IOException e) {
                return; // a folder removed while listing
            }
            invokeAll(below);
        }
    }
}
