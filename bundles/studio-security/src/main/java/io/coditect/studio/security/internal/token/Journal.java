package io.coditect.studio.security.internal.token;

import io.coditect.studio.security.internal.vault.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private file of one-line records that grows by appending and is compacted now and then, so a
 * change costs one short write and the state survives a restart.
 */
final class Journal {

    private final Path file;
    private int appended;

    Journal(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Every line so far; empty when the file does not exist yet. */
    synchronized List<String> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void append(String line) {
        PrivateFiles.append(file, (line + "\n").getBytes(StandardCharsets.UTF_8));
        appended++;
    }

    /** Replaces the whole file with {@code lines} (the live state). */
    synchronized void rewrite(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line).append('\n');
        }
        PrivateFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
        appended = 0;
    }

    /** Lines appended since the last {@link #rewrite}. */
    synchronized int appendedSinceRewrite() {
        return appended;
    }
}
