package io.coditect.studio.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.PluginRegistry;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.CircuitState;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.api.session.SessionService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The studio's meters in a Micrometer {@link PrometheusMeterRegistry}: the JVM's (binders bound
 * once), and the studio's, read from the studio-api services at every {@link #scrape()}. Sandbox
 * pools, plugins and router circuits come and go at run time, so their rows are re-read then and a
 * new row appears in that very scrape, a gone one disappears. A service that is absent, or fails,
 * leaves its meters out of that scrape; nothing here ever holds up or restarts the core.
 */
final class StudioMetrics implements AutoCloseable {

    /** The Prometheus text exposition format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static final String SOURCE_SESSIONS = "sessions";
    static final String SOURCE_ROUTER = "router";

    private static final Logger LOG = LoggerFactory.getLogger(StudioMetrics.class);
    private static final String DEFAULT_IMAGE = "default";
    private static final String ANY_MODEL = "any";

    /** Where the studio's values come from; each supplier answers null while its service is absent. */
    record Sources(Supplier<SessionService> sessions, Supplier<ProviderRegistry> providers,
            Supplier<StorageRegistry> storage, Supplier<SandboxRegistry> sandboxes, Supplier<LlmRouter> router) {
    }

    /** The pools of one driver and image, summed over their limits and network policies. */
    record PoolTotals(long idle, long target, long hits, long misses, long created, long failures) {

        static PoolTotals of(SandboxPoolStatus pool) {
            return new PoolTotals(pool.idle(), pool.target(), pool.hits(), pool.misses(), pool.created(),
                    pool.failures());
        }

        PoolTotals plus(PoolTotals other) {
            return new PoolTotals(idle + other.idle, target + other.target, hits + other.hits,
                    misses + other.misses, created + other.created, failures + other.failures);
        }
    }

    private final Sources sources;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final MeterFamily<PoolTotals> pools;
    private final MeterFamily<Double> plugins;
    private final MeterFamily<Double> pluginUp;
    private final MeterFamily<Double> circuits;
    private final Map<String, Counter> sourceErrors = new HashMap<>();
    private final Map<String, Boolean> failing = new HashMap<>();

    StudioMetrics(Sources sources) {
        this.sources = sources;
        this.registry = newRegistry();
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);

        this.pools = new MeterFamily<>(registry, (r, tags, pool) -> List.of(
                gauge(r, "studio.sandbox.pool.idle", "Pre-created sandboxes waiting in the pool", tags, pool,
                        PoolTotals::idle),
                gauge(r, "studio.sandbox.pool.target", "How many sandboxes the pool keeps ready", tags, pool,
                        PoolTotals::target),
                counter(r, "studio.sandbox.pool.hits", "Sessions that got a pre-created sandbox", tags, pool,
                        PoolTotals::hits),
                counter(r, "studio.sandbox.pool.misses", "Sessions that had to wait for a sandbox to be created",
                        tags, pool, PoolTotals::misses),
                // not "created": Prometheus reserves the _created suffix (a counter's creation time)
                counter(r, "studio.sandbox.pool.creations", "Sandboxes created for the pool", tags, pool,
                        PoolTotals::created),
                counter(r, "studio.sandbox.pool.failures", "Sandbox creations for the pool that failed", tags,
                        pool, PoolTotals::failures)));
        this.plugins = new MeterFamily<>(registry, (r, tags, count) -> List.of(
                gauge(r, "studio.plugins", "Plugins registered now, by kind", tags, count, Double::doubleValue)));
        this.pluginUp = new MeterFamily<>(registry, (r, tags, up) -> List.of(
                gauge(r, "studio.plugin.up", "Health of a plugin: 1 up, 0.5 degraded, 0 down", tags, up,
                        Double::doubleValue)));
        this.circuits = new MeterFamily<>(registry, (r, tags, open) -> List.of(
                gauge(r, "studio.router.circuit.open",
                        "1 while the router's circuit breaker for the provider model is open, else 0", tags, open,
                        Double::doubleValue)));
    }

    /** Re-reads the studio's services and writes every meter in the Prometheus text format. */
    synchronized byte[] scrape() {
        refresh();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            registry.scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The registry, for tests. */
    MeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        gc.close();
        registry.close();
    }

    private void refresh() {
        pools.update(poolRows());
        Map<Tags, Double> pluginCounts = new LinkedHashMap<>();
        Map<Tags, Double> pluginHealth = new LinkedHashMap<>();
        pluginRows("provider", "providers", sources.providers(), pluginCounts, pluginHealth);
        pluginRows("storage", "storage", sources.storage(), pluginCounts, pluginHealth);
        pluginRows("sandbox", "sandboxes", sources.sandboxes(), pluginCounts, pluginHealth);
        plugins.update(pluginCounts);
        pluginUp.update(pluginHealth);
        circuits.update(circuitRows());
    }

    private Map<Tags, PoolTotals> poolRows() {
        Map<Tags, PoolTotals> rows = new LinkedHashMap<>();
        read(SOURCE_SESSIONS, sources.sessions(), SessionService::pools).ifPresent(list -> {
            for (SandboxPoolStatus pool : list) {
                if (pool == null || pool.driverId() == null) {
                    continue;
                }
                String image = pool.image() == null || pool.image().isBlank() ? DEFAULT_IMAGE : pool.image();
                rows.merge(Tags.of("driver", pool.driverId(), "image", image), PoolTotals.of(pool),
                        PoolTotals::plus);
            }
        });
        return rows;
    }

    private void pluginRows(String kind, String source, Supplier<? extends PluginRegistry<?>> registrySupplier,
            Map<Tags, Double> counts, Map<Tags, Double> health) {
        read(source, registrySupplier, PluginRegistry::describe).ifPresent(descriptors -> {
            int count = 0;
            for (PluginDescriptor plugin : descriptors) {
                if (plugin == null) {
                    continue;
                }
                count++;
                health.put(Tags.of("kind", kind, "id", plugin.id()), up(plugin.health()));
            }
            counts.put(Tags.of("kind", kind), (double) count);
        });
    }

    private Map<Tags, Double> circuitRows() {
        Map<Tags, Double> rows = new LinkedHashMap<>();
        read(SOURCE_ROUTER, sources.router(), LlmRouter::states).ifPresent(states -> {
            for (ProviderState state : states) {
                if (state == null) {
                    continue;
                }
                String model = state.target().modelId() == null ? ANY_MODEL : state.target().modelId();
                rows.merge(Tags.of("provider", state.target().providerId(), "model", model),
                        state.circuit() == CircuitState.OPEN ? 1.0 : 0.0, Math::max);
            }
        });
        return rows;
    }

    static double up(Health health) {
        return switch (health.status()) {
            case UP -> 1.0;
            case DEGRADED -> 0.5;
            case DOWN -> 0.0;
        };
    }

    /**
     * Reads one service: empty when it is absent or fails (then counted in
     * {@code studio_metrics_source_errors_total} and logged once until it works again).
     */
    private <S, R> Optional<R> read(String source, Supplier<? extends S> service, Function<S, R> reader) {
        S current = service.get();
        if (current == null) {
            return Optional.empty();
        }
        try {
            R result = reader.apply(current);
            if (failing.remove(source) != null) {
                LOG.info("metrics of {} are back", source);
            }
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            sourceErrors.computeIfAbsent(source, s -> Counter.builder("studio.metrics.source.errors")
                    .description("Scrapes that left a studio service's metrics out because it failed")
                    .tag("source", s).register(registry)).increment();
            if (failing.put(source, Boolean.TRUE) == null) {
                LOG.warn("metrics of {} left out while it fails: {}", source, e.toString());
            } else {
                LOG.debug("metrics of {} left out again: {}", source, e.toString());
            }
            return Optional.empty();
        }
    }

    private static <T> Meter gauge(MeterRegistry registry, String name, String description, Tags tags,
            Supplier<T> value, ToDoubleFunction<T> read) {
        return Gauge.builder(name, value, v -> read.applyAsDouble(v.get())).description(description).tags(tags)
                .strongReference(true).register(registry);
    }

    private static <T> Meter counter(MeterRegistry registry, String name, String description, Tags tags,
            Supplier<T> value, ToDoubleFunction<T> read) {
        return FunctionCounter.builder(name, value, v -> read.applyAsDouble(v.get())).description(description)
                .tags(tags).register(registry);
    }

    /**
     * Prometheus' configuration loader reads {@code prometheus.properties} through the context class
     * loader, which may be null on a framework thread.
     */
    private static PrometheusMeterRegistry newRegistry() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(StudioMetrics.class.getClassLoader());
        try {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
