package io.coditect.studio.api.admin;

import java.util.Objects;

import io.coditect.studio.api.Health;

/**
 * One plugin service a bundle registers, as the core's registries see it.
 *
 * @param id          the plugin id ({@code studio.plugin.id})
 * @param displayName the name shown to people
 * @param health      its health now
 */
public record PluginInstance(String id, String displayName, Health health) {
    public PluginInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(health, "health");
    }
}
