/**
 * The object storage SPI. Every key is a validated {@link io.coditect.studio.api.storage.StoragePath}
 * whose first segment is the organisation, so a backend can never be asked for another tenant's
 * object by a crafted string. {@link io.coditect.studio.api.storage.StorageLayout} builds the keys of
 * the studio's layout.
 */
@Version("1.2.0")
@Export
package io.coditect.studio.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
