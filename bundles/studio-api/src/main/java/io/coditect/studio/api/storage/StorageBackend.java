package io.coditect.studio.api.storage;

import java.io.InputStream;
import java.util.Optional;

import io.coditect.studio.api.Health;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An object store. Registered as an OSGi service with the properties of
 * {@link io.coditect.studio.api.PluginProperties}. Implementations are thread-safe; every
 * method may block on I/O and reports failures as {@link StorageException}.
 */
@ConsumerType
public interface StorageBackend {

    /** Value of {@link io.coditect.studio.api.PluginProperties#KIND} for storage backends. */
    String KIND = "storage";

    /** Most objects one {@link #list} call returns. */
    int MAX_LIST_LIMIT = 1000;

    String id();

    String displayName();

    default Health health() {
        return Health.up();
    }

    /** Metadata of the object at {@code path}, if there is one. */
    Optional<ObjectInfo> stat(StoragePath path);

    /**
     * Opens the object for reading; the caller closes the returned object.
     *
     * @throws StorageException NOT_FOUND when absent
     */
    StorageObject get(StoragePath path);

    /**
     * Writes {@code content} (read to its end, not closed) under {@code path}. The new object
     * becomes visible whole or not at all; a failed write leaves the previous object intact.
     * Unchecked exceptions thrown by {@code content} pass through unchanged; its I/O errors are
     * reported as kind IO. The content may be left unread when the condition fails.
     *
     * @param length the content length when known, or -1
     * @throws StorageException PRECONDITION_FAILED when {@code condition} does not hold
     */
    ObjectInfo put(StoragePath path, InputStream content, long length, WriteCondition condition);

    /**
     * Lists objects whose key lies below {@code prefix} (whole segments), in key order.
     *
     * @param cursor null for the first page, else {@link ListPage#nextCursor()} of the previous one
     * @param limit  at most this many objects, 1 to {@link #MAX_LIST_LIMIT}
     * @throws IllegalArgumentException when the limit is out of range or the cursor is not one this
     *                                  backend returned
     */
    ListPage list(StoragePath prefix, String cursor, int limit);

    /**
     * Deletes the object.
     *
     * @return false when there was nothing to delete
     * @throws StorageException PRECONDITION_FAILED when {@code condition} does not hold
     */
    boolean delete(StoragePath path, WriteCondition condition);

    /**
     * Copies an object within the same organisation.
     *
     * @throws StorageException NOT_FOUND when the source is absent
     * @throws IllegalArgumentException when source and target belong to different organisations
     */
    ObjectInfo copy(StoragePath from, StoragePath to);
}
