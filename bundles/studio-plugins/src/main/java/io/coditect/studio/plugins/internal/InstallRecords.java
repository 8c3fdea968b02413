package io.coditect.studio.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What plugin administration installed, kept in its bundle's data area so it survives restarts:
 * the source of each bundle it installed, and a copy of the jar each of them runs now, so an
 * update that does not resolve can put the previous jar back.
 */
final class InstallRecords {

    private final Path folder;
    private final Path index;
    private final Properties sources = new Properties();

    InstallRecords(Path folder) {
        this.folder = folder;
        this.index = folder.resolve("installed.properties");
        try {
            Files.createDirectories(folder.resolve("jars"));
            if (Files.exists(index)) {
                try (InputStream in = Files.newInputStream(index)) {
                    sources.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }

    /** How the bundle was installed through plugin administration, or null when it was not. */
    synchronized String source(long bundleId) {
        return sources.getProperty(Long.toString(bundleId));
    }

    synchronized void installed(long bundleId, String source, Path jar) throws IOException {
        sources.setProperty(Long.toString(bundleId), source);
        save();
        if (jar != null) {
            keep(bundleId, jar);
        }
    }

    /** Keeps a copy of the jar the bundle runs now. */
    synchronized void keep(long bundleId, Path jar) throws IOException {
        Files.copy(jar, this.jar(bundleId), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The copy of the jar the bundle runs now, if this service installed or updated it. */
    synchronized Optional<Path> currentJar(long bundleId) {
        Path p = jar(bundleId);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    synchronized void removed(long bundleId) throws IOException {
        if (sources.remove(Long.toString(bundleId)) != null) {
            save();
        }
        Files.deleteIfExists(jar(bundleId));
    }

    /** A new file for a jar being received. */
    Path newTempFile() throws IOException {
        return Files.createTempFile(folder, "upload-", ".jar");
    }

    private Path jar(long bundleId) {
        return folder.resolve("jars").resolve(bundleId + ".jar");
    }

    private void save() throws IOException {
        Path tmp = folder.resolve("installed.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            sources.store(out, "bundles installed through plugin administration: bundle id = source");
        }
        Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
