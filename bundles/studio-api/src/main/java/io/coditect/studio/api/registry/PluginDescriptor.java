package io.coditect.studio.api.registry;

import java.time.Instant;
import java.util.Objects;

import io.coditect.studio.api.Health;

/**
 * What the studio knows about one registered plugin service.
 *
 * @param id            the plugin instance id
 * @param displayName   name shown to people
 * @param kind          {@code provider}, {@code storage} or {@code sandbox}
 * @param bundleSymbolicName bundle that registered it
 * @param bundleVersion version of that bundle
 * @param bundleId      framework id of that bundle
 * @param registeredAt  when the core saw the service arrive
 * @param health        health at the time of the call
 */
public record PluginDescriptor(String id, String displayName, String kind, String bundleSymbolicName,
        String bundleVersion, long bundleId, Instant registeredAt, Health health) {
    public PluginDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(health, "health");
    }
}
