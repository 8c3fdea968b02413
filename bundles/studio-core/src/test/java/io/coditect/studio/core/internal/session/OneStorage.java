package io.coditect.studio.core.internal.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.storage.StorageBackend;

/** A registry holding one real storage backend. */
record OneStorage(StorageBackend backend) implements StorageRegistry {

    @Override
    public List<PluginDescriptor> describe() {
        return List.of();
    }

    @Override
    public Optional<StorageBackend> get(String id) {
        return backend.id().equals(id) ? Optional.of(backend) : Optional.empty();
    }

    @Override
    public List<StorageBackend> all() {
        return List.of(backend);
    }

    @Override
    public Instant since() {
        return Instant.EPOCH;
    }
}
