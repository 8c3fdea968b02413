package io.coditect.studio.core.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;

/** The output of a batch session's task: a local file while it runs, then an object in storage. */
final class TaskLog {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLog.class);

    private final Path file;
    private final OutputStream out;
    private boolean broken;

    private TaskLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    static TaskLog create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return new TaskLog(file, Files.newOutputStream(file));
    }

    Path file() {
        return file;
    }

    synchronized void append(byte[] chunk) {
        if (broken) {
            return;
        }
        try {
            out.write(chunk);
            out.flush(); // readers follow the file while the task runs
        } catch (IOException e) {
            broken = true;
            LOG.warn("task log {} cannot be written, further output is dropped: {}", file, e.getMessage());
        }
    }

    synchronized void close() throws IOException {
        out.close();
    }

    /** Stores the log and removes the local file. */
    void upload(StorageBackend storage, StoragePath key) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            storage.put(key, in, Files.size(file), WriteCondition.NONE);
        }
        Files.deleteIfExists(file);
    }
}
