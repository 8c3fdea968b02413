package io.coditect.studio.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of a stored object.
 *
 * @param path         its key
 * @param size         length in bytes
 * @param etag         opaque version tag; changes whenever the content changes
 * @param lastModified time of the last write
 */
public record ObjectInfo(StoragePath path, long size, String etag, Instant lastModified) {
    public ObjectInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
