package io.coditect.studio.api.registry;

import io.coditect.studio.api.storage.StorageBackend;
import org.osgi.annotation.versioning.ProviderType;

/** The storage backends now registered. */
@ProviderType
public interface StorageRegistry extends PluginRegistry<StorageBackend> {
}
