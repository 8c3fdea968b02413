package io.coditect.studio.api.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** An object being read: its metadata and a stream the caller must close. */
public record StorageObject(ObjectInfo info, InputStream content) implements AutoCloseable {

    @Override
    public void close() {
        try {
            content.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
