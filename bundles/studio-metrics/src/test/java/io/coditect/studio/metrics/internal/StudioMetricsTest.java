package io.coditect.studio.metrics.internal;

import static io.coditect.studio.metrics.internal.Fakes.circuit;
import static io.coditect.studio.metrics.internal.Fakes.pool;
import static io.coditect.studio.metrics.internal.PrometheusText.has;
import static io.coditect.studio.metrics.internal.PrometheusText.text;
import static io.coditect.studio.metrics.internal.PrometheusText.value;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.routing.CircuitState;

/** The registry with hand-written studio services behind it, read back from the Prometheus text. */
public class StudioMetricsTest {

    private final Fakes.Services services = new Fakes.Services();
    private StudioMetrics metrics;

    @Before
    public void start() {
        metrics = new StudioMetrics(services.sources());
    }

    @After
    public void stop() {
        metrics.close();
    }

    private String scrape() {
        return text(metrics.scrape());
    }

    @Test
    public void poolsAreGaugesAndCountersTaggedByDriverAndImage() {
        services.sessions = new Fakes.Sessions();
        services.sessions.pools.add(pool("process", null, 2, 3, 10, 4, 14, 1));
        services.sessions.pools.add(pool("docker", "python:3.12", 0, 1, 0, 7, 2, 5));

        String text = scrape();

        assertEquals(2.0, value(text, "studio_sandbox_pool_idle", "driver", "process", "image", "default"), 0);
        assertEquals(3.0, value(text, "studio_sandbox_pool_target", "driver", "process", "image", "default"), 0);
        assertEquals(10.0, value(text, "studio_sandbox_pool_hits_total", "driver", "process", "image", "default"), 0);
        assertEquals(4.0, value(text, "studio_sandbox_pool_misses_total", "driver", "process", "image", "default"), 0);
        assertEquals(14.0, value(text, "studio_sandbox_pool_creations_total", "driver", "process", "image", "default"),
                0);
        assertEquals(1.0, value(text, "studio_sandbox_pool_failures_total", "driver", "process", "image", "default"),
                0);
        assertEquals(7.0, value(text, "studio_sandbox_pool_misses_total", "driver", "docker", "image", "python:3.12"),
                0);
        assertEquals(5.0,
                value(text, "studio_sandbox_pool_failures_total", "driver", "docker", "image", "python:3.12"), 0);
        assertTrue(text, text.contains("# TYPE studio_sandbox_pool_idle gauge"));
        assertTrue(text, text.contains("# TYPE studio_sandbox_pool_hits_total counter"));
        assertTrue(text, text.contains("# HELP studio_sandbox_pool_idle "));
        assertFalse("a reserved suffix would rename the meter", has(text, "studio_sandbox_pool_total"));
    }

    @Test
    public void newPoolKeysAppearOnTheNextScrapeAndGoneOnesDisappear() {
        services.sessions = new Fakes.Sessions();
        services.sessions.pools.add(pool("process", null, 1, 2, 0, 0, 1, 0));
        String first = scrape();
        assertNull(value(first, "studio_sandbox_pool_idle", "driver", "docker", "image", "node:22"));

        services.sessions.pools.add(pool("docker", "node:22", 4, 4, 0, 0, 4, 0));
        services.sessions.pools.set(0, pool("process", null, 0, 2, 3, 1, 4, 0));
        String second = scrape();

        assertEquals(4.0, value(second, "studio_sandbox_pool_idle", "driver", "docker", "image", "node:22"), 0);
        assertEquals(0.0, value(second, "studio_sandbox_pool_idle", "driver", "process", "image", "default"), 0);
        assertEquals(3.0, value(second, "studio_sandbox_pool_hits_total", "driver", "process", "image", "default"), 0);

        services.sessions.pools.remove(0);
        String third = scrape();

        assertNull(value(third, "studio_sandbox_pool_idle", "driver", "process", "image", "default"));
        assertNull(value(third, "studio_sandbox_pool_hits_total", "driver", "process", "image", "default"));
        assertEquals(4.0, value(third, "studio_sandbox_pool_idle", "driver", "docker", "image", "node:22"), 0);
    }

    @Test
    public void poolsOfOneDriverAndImageAreSummed() {
        services.sessions = new Fakes.Sessions();
        // same driver and image, other limits or network policy: two pools, one row
        services.sessions.pools.add(pool("docker", "node:22", 1, 2, 3, 4, 5, 6));
        services.sessions.pools.add(pool("docker", "node:22", 10, 20, 30, 40, 50, 60));

        String text = scrape();

        assertEquals(11.0, value(text, "studio_sandbox_pool_idle", "driver", "docker", "image", "node:22"), 0);
        assertEquals(22.0, value(text, "studio_sandbox_pool_target", "driver", "docker", "image", "node:22"), 0);
        assertEquals(66.0, value(text, "studio_sandbox_pool_failures_total", "driver", "docker", "image", "node:22"),
                0);
    }

    @Test
    public void absentServicesLeaveOnlyTheJvmMeters() {
        String text = scrape();

        for (String line : text.split("\n")) {
            assertFalse(line, line.startsWith("studio_"));
        }
        assertTrue(text, has(text, "jvm_memory_used_bytes"));
        assertTrue(text, has(text, "jvm_threads_live_threads"));
        assertTrue(text, has(text, "jvm_classes_loaded_classes"));
        assertTrue(text, has(text, "jvm_info"));
        assertTrue(text, has(text, "system_cpu_count"));
        assertTrue(text, has(text, "process_uptime_seconds"));
        assertTrue(text, text.contains("jvm_gc_"));
    }

    @Test
    public void aServiceThatGoesAwayTakesItsMetersWithIt() {
        services.sessions = new Fakes.Sessions();
        services.sessions.pools.add(pool("process", null, 1, 1, 0, 0, 1, 0));
        assertTrue(has(scrape(), "studio_sandbox_pool_idle"));

        services.sessions = null;

        assertFalse(has(scrape(), "studio_sandbox_pool_idle"));
    }

    @Test
    public void aFailingServiceIsLeftOutAndCounted() {
        services.sessions = new Fakes.Sessions();
        services.sessions.pools.add(pool("process", null, 1, 1, 0, 0, 1, 0));
        services.providers = new Fakes.Providers();
        services.providers.add("offline", Health.up());
        services.sessions.failure = new IllegalStateException("the core is stopping");

        String failing = scrape();

        assertFalse(failing, has(failing, "studio_sandbox_pool_idle"));
        assertEquals(1.0, value(failing, "studio_plugins", "kind", "provider"), 0);
        assertEquals(1.0, value(failing, "studio_metrics_source_errors_total", "source", "sessions"), 0);

        services.sessions.failure = null;
        String recovered = scrape();

        assertEquals(1.0, value(recovered, "studio_sandbox_pool_idle", "driver", "process", "image", "default"), 0);
        assertEquals(1.0, value(recovered, "studio_metrics_source_errors_total", "source", "sessions"), 0);
    }

    @Test
    public void pluginsAreCountedByKindWithTheirHealth() {
        services.providers = new Fakes.Providers();
        services.providers.add("anthropic", Health.degraded("fallback in use"));
        services.providers.add("offline", Health.up());
        services.storage = new Fakes.Storage();
        services.storage.add("s3", Health.down("bucket unreachable"));

        String text = scrape();

        assertEquals(2.0, value(text, "studio_plugins", "kind", "provider"), 0);
        assertEquals(1.0, value(text, "studio_plugins", "kind", "storage"), 0);
        assertNull("no sandbox registry, no sandbox count", value(text, "studio_plugins", "kind", "sandbox"));
        assertEquals(1.0, value(text, "studio_plugin_up", "id", "offline", "kind", "provider"), 0);
        assertEquals(0.5, value(text, "studio_plugin_up", "id", "anthropic", "kind", "provider"), 0);
        assertEquals(0.0, value(text, "studio_plugin_up", "id", "s3", "kind", "storage"), 0);

        services.sandboxes = new Fakes.Sandboxes();
        services.sandboxes.add("process", Health.up());
        services.providers.plugins.remove(0);
        String later = scrape();

        assertEquals(1.0, value(later, "studio_plugins", "kind", "sandbox"), 0);
        assertEquals(1.0, value(later, "studio_plugin_up", "id", "process", "kind", "sandbox"), 0);
        assertEquals(1.0, value(later, "studio_plugins", "kind", "provider"), 0);
        assertNull(value(later, "studio_plugin_up", "id", "anthropic", "kind", "provider"));
    }

    @Test
    public void routerCircuitsAreOneWhileOpen() {
        services.router = new Fakes.Router();
        services.router.states.add(circuit("anthropic", "claude-sonnet", CircuitState.OPEN));
        services.router.states.add(circuit("offline", "echo", CircuitState.CLOSED));
        services.router.states.add(circuit("openai", "gpt-5", CircuitState.HALF_OPEN));

        String text = scrape();

        assertEquals(1.0, value(text, "studio_router_circuit_open", "model", "claude-sonnet", "provider", "anthropic"),
                0);
        assertEquals(0.0, value(text, "studio_router_circuit_open", "model", "echo", "provider", "offline"), 0);
        assertEquals(0.0, value(text, "studio_router_circuit_open", "model", "gpt-5", "provider", "openai"), 0);

        services.router.states.set(0, circuit("anthropic", "claude-sonnet", CircuitState.CLOSED));

        assertEquals(0.0, value(scrape(), "studio_router_circuit_open", "model", "claude-sonnet", "provider",
                "anthropic"), 0);
    }

    @Test
    public void healthMapsToOneHalfAndZero() {
        assertEquals(1.0, StudioMetrics.up(Health.up()), 0);
        assertEquals(0.5, StudioMetrics.up(Health.degraded("x")), 0);
        assertEquals(0.0, StudioMetrics.up(Health.down("x")), 0);
    }
}
