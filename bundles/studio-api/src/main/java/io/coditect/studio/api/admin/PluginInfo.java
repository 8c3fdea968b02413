package io.coditect.studio.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.coditect.studio.api.Health;

/**
 * One plugin bundle.
 *
 * @param bundleId       the framework's id; it stays the same across updates
 * @param symbolicName   the bundle symbolic name
 * @param version        the bundle version
 * @param kind           what it provides
 * @param state          its life-cycle state
 * @param startedAt      when the studio saw it start, or null when it started before plugin
 *                       administration did (the framework keeps no start time; see {@code lastModified})
 * @param lastModified   when the bundle was last installed or updated (the framework's last-modified time)
 * @param location       where the framework installed it from
 * @param source         how it was installed through {@link PluginAdmin} ({@code feature:<name>},
 *                       {@code mvn:…} or {@code upload}), or null when it came otherwise (boot
 *                       features, {@code deploy/})
 * @param instances      the plugin services it registers now, with their health
 * @param spi            the studio packages it imports, with the accepted version ranges
 * @param configurations its configurations, secrets masked
 * @param health         UP, DEGRADED or DOWN with what to do: the worst of its instances; DOWN when
 *                       it is not active; DEGRADED when active without any instance (a plugin that
 *                       needs a configuration has none yet)
 */
public record PluginInfo(long bundleId, String symbolicName, String version, PluginKind kind, PluginState state,
        Instant startedAt, Instant lastModified, String location, String source, List<PluginInstance> instances,
        List<SpiImport> spi, List<PluginConfiguration> configurations, Health health) {

    public PluginInfo {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(health, "health");
        instances = instances == null ? List.of() : List.copyOf(instances);
        spi = spi == null ? List.of() : List.copyOf(spi);
        configurations = configurations == null ? List.of() : List.copyOf(configurations);
    }
}
