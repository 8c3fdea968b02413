package io.coditect.studio.core.internal.egress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens egress filters, one per FILTERED sandbox, with their sockets in a private folder (short
 * paths: a Unix socket path may not exceed 107 bytes, which Karaf's data folder can).
 */
public final class EgressFilters implements AutoCloseable {

    private final Path folder;
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "studio-egress");
        t.setDaemon(true);
        return t;
    });

    public EgressFilters() throws IOException {
        this.folder = Files.createTempDirectory("studio-egress",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** A filter that refuses everything until it is assigned a policy. */
    public EgressProxy open() throws IOException {
        return new EgressProxy(folder.resolve(next.incrementAndGet() + ".sock"), threads);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try (var files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder: the system cleans it at the latest
        }
    }
}
