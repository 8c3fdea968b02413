package io.coditect.studio.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.PluginProperties;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.PluginRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one kind, keyed by id, as their services arrive and leave; the registry
 * components only add the DS bind methods for their SPI type. When two services
 * claim one id the one with the higher service ranking wins and the other waits in reserve, so
 * removing the winner promotes it instead of leaving a gap.
 */
abstract class PluginTracker<T> implements PluginRegistry<T> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginTracker.class);

    /** Where a plugin service came from. */
    record Origin(String bundleSymbolicName, String bundleVersion, long bundleId, int ranking, long serviceId) {
    }

    private record Entry<T>(String id, String displayName, T plugin, Origin origin, Instant registeredAt) {
    }

    private final String kind;
    private final Function<T, Health> health;
    private final Function<T, String> declaredId;
    private final Function<T, String> declaredName;
    private final Clock clock;
    private final Map<String, List<Entry<T>>> byId = new ConcurrentHashMap<>();
    private final Instant since;

    PluginTracker(String kind, Function<T, String> declaredId, Function<T, String> declaredName,
            Function<T, Health> health, Clock clock) {
        this.kind = kind;
        this.declaredId = declaredId;
        this.declaredName = declaredName;
        this.health = health;
        this.clock = clock;
        this.since = clock.instant();
    }

    protected void add(T plugin, Map<String, ?> properties, Origin origin) {
        String id = stringProperty(properties, PluginProperties.ID);
        if (id == null) {
            id = declaredId.apply(plugin);
        }
        String name = stringProperty(properties, PluginProperties.DISPLAY_NAME);
        if (name == null) {
            name = declaredName.apply(plugin);
        }
        Entry<T> entry = new Entry<>(id, name, plugin, origin, clock.instant());
        byId.compute(id, (k, list) -> {
            List<Entry<T>> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(entry);
            next.sort(Comparator.comparingInt((Entry<T> e) -> e.origin().ranking()).reversed()
                    .thenComparingLong(e -> e.origin().serviceId()));
            if (next.size() > 1) {
                LOG.warn("{} id '{}' is registered by {} services; using the one from bundle {}", kind, k,
                        next.size(), next.get(0).origin().bundleSymbolicName());
            }
            return List.copyOf(next);
        });
        LOG.info("{} '{}' arrived from bundle {} {}", kind, id, origin.bundleSymbolicName(), origin.bundleVersion());
    }

    protected void remove(T plugin) {
        for (String id : byId.keySet()) {
            byId.computeIfPresent(id, (k, list) -> {
                List<Entry<T>> next = list.stream().filter(e -> e.plugin() != plugin).toList();
                if (next.size() != list.size()) {
                    LOG.info("{} '{}' left", kind, k);
                }
                return next.isEmpty() ? null : next;
            });
        }
    }

    @Override
    public Optional<T> get(String id) {
        List<Entry<T>> list = id == null ? null : byId.get(id);
        return list == null ? Optional.empty() : Optional.of(list.get(0).plugin());
    }

    @Override
    public List<T> all() {
        return active().stream().map(Entry::plugin).toList();
    }

    @Override
    public List<PluginDescriptor> describe() {
        return active().stream().map(e -> new PluginDescriptor(e.id(), e.displayName(), kind,
                e.origin().bundleSymbolicName(), e.origin().bundleVersion(), e.origin().bundleId(), e.registeredAt(),
                healthOf(e))).toList();
    }

    @Override
    public Instant since() {
        return since;
    }

    private Health healthOf(Entry<T> e) {
        try {
            return health.apply(e.plugin());
        } catch (RuntimeException ex) {
            LOG.warn("{} '{}' failed its health check", kind, e.id(), ex);
            return Health.down("health check failed: " + ex);
        }
    }

    private List<Entry<T>> active() {
        return byId.values().stream().map(l -> l.get(0)).sorted(Comparator.comparing(Entry::id)).toList();
    }

    private static String stringProperty(Map<String, ?> properties, String key) {
        Object v = properties.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString();
    }
}
