package io.coditect.studio.storage.s3.internal;

import java.io.IOException;
import java.io.InputStream;

import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import io.coditect.studio.api.storage.StoragePath;

/**
 * The caller's content as read by a put: counts the bytes against the announced length and turns the
 * caller's I/O errors into {@link StorageException}s of kind IO (its unchecked exceptions pass
 * through unchanged), so they are never confused with failures of the service.
 */
final class CountedContent {

    private final StoragePath path;
    private final InputStream in;
    private final long announced;
    private long total;

    CountedContent(StoragePath path, InputStream in, long announced) {
        this.path = path;
        this.in = in;
        this.announced = announced;
    }

    /** Up to {@code max} bytes; fewer only at the end of the content. */
    byte[] read(int max) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(max);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, "reading the content for '" + path + "' failed (" + e
                    + "); nothing was stored and the previous object, if any, is unchanged", e);
        }
        total += bytes.length;
        if (announced >= 0 && total > announced) {
            throw mismatch("more");
        }
        return bytes;
    }

    /** Checks, at the end of the content, that the announced length arrived. */
    void requireComplete() {
        if (announced >= 0 && total != announced) {
            throw mismatch("only " + total);
        }
    }

    long total() {
        return total;
    }

    private StorageException mismatch(String got) {
        return new StorageException(Kind.IO, "the content for '" + path + "' was announced as " + announced
                + " bytes but " + got + " arrived; nothing was stored and the previous object, if any, is unchanged");
    }
}
