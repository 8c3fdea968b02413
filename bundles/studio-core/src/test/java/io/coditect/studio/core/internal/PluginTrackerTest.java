package io.coditect.studio.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.registry.PluginDescriptor;
import org.junit.Test;

public class PluginTrackerTest {

    record Fake(String id, Health health) {
    }

    static final class FakeTracker extends PluginTracker<Fake> {
        FakeTracker() {
            super("fake", Fake::id, f -> "Fake " + f.id(), f -> {
                if (f.health() == null) {
                    throw new IllegalStateException("boom");
                }
                return f.health();
            }, Clock.systemUTC());
        }
    }

    private static PluginTracker.Origin origin(int ranking, long serviceId) {
        return new PluginTracker.Origin("test.bundle", "1.0.0", 7, ranking, serviceId);
    }

    @Test
    public void pluginIsListedFromArrivalUntilItLeaves() {
        FakeTracker t = new FakeTracker();
        Fake b = new Fake("b", Health.up());
        Fake a = new Fake("a", Health.up());
        t.add(b, Map.of(), origin(0, 1));
        t.add(a, Map.of("studio.plugin.name", "Alpha"), origin(0, 2));
        List<PluginDescriptor> d = t.describe();
        assertEquals(List.of("a", "b"), d.stream().map(PluginDescriptor::id).toList());
        assertEquals("Alpha", d.get(0).displayName());
        assertEquals("Fake b", d.get(1).displayName());
        assertEquals("test.bundle", d.get(0).bundleSymbolicName());
        t.remove(a);
        assertEquals(List.of(b), t.all());
        assertTrue(t.get("a").isEmpty());
    }

    @Test
    public void serviceIdPropertyWinsOverDeclaredId() {
        FakeTracker t = new FakeTracker();
        t.add(new Fake("declared", Health.up()), Map.of("studio.plugin.id", "configured"), origin(0, 1));
        assertTrue(t.get("configured").isPresent());
        assertTrue(t.get("declared").isEmpty());
    }

    @Test
    public void higherRankingWinsAndTheOtherTakesOverWhenItLeaves() {
        FakeTracker t = new FakeTracker();
        Fake low = new Fake("x", Health.up());
        Fake high = new Fake("x", Health.degraded("slow"));
        t.add(low, Map.of(), origin(0, 1));
        t.add(high, Map.of(), origin(10, 2));
        assertSame(high, t.get("x").orElseThrow());
        assertEquals(1, t.describe().size());
        t.remove(high);
        assertSame(low, t.get("x").orElseThrow());
        t.remove(low);
        assertTrue(t.describe().isEmpty());
    }

    @Test
    public void failingHealthCheckIsReportedDownNotThrown() {
        FakeTracker t = new FakeTracker();
        t.add(new Fake("bad", null), Map.of(), origin(0, 1));
        PluginDescriptor d = t.describe().get(0);
        assertEquals(Health.Status.DOWN, d.health().status());
        assertTrue(d.health().message().contains("boom"));
    }
}
