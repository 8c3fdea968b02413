package io.coditect.studio.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of a stored object.
 *
 * @param path         its key
 * @param size         length in bytes
 * @param etag         opaque, strong version tag without quotes (HTTP adds them); changes
 *                     whenever the content changes and is compared as an exact string
 * @param lastModified time of the last write
 */
public record ObjectInfo(StoragePath path, long size, String etag, Instant lastModified) {
    public ObjectInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
