package io.coditect.studio.core.internal.session;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.core.internal.egress.EgressPolicy;

/** Sandbox limits from their factory configurations, as Configuration Admin hands them over. */
public class SandboxLimitsComponentTest {

    private static final long MIB = 1024L * 1024;
    private final SandboxLimits limits = new SandboxLimits();

    /** The configuration with its defaults, some values replaced. */
    private static SandboxLimitsComponent.Config config(Map<String, Object> values) {
        return (SandboxLimitsComponent.Config) Proxy.newProxyInstance(SandboxLimitsComponentTest.class.getClassLoader(),
                new Class<?>[] {SandboxLimitsComponent.Config.class}, (proxy, method, args) -> values.containsKey(
                        method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    private SandboxLimitsComponent activate(String pid, Map<String, Object> values) {
        return new SandboxLimitsComponent(limits, config(values), Map.of("service.pid", pid));
    }

    @Test
    public void theDefaultsAreSddsTwoVcpuBurstFourAndFourGbBurstEight() {
        assertEquals(ResourceLimits.DEFAULT, limits.forOrg("acme").resources());
        activate("p1", Map.of("org", "acme"));
        assertEquals(ResourceLimits.DEFAULT, limits.forOrg("acme").resources());
        assertEquals(NetworkPolicy.NONE, limits.forOrg("acme").network());
    }

    @Test
    public void anOrganisationsOwnLimitsWinOverThoseForAll() {
        activate("all", Map.of("org", "*", "memoryMiB", 1024L, "memoryBurstMiB", 2048L));
        SandboxLimitsComponent acme = activate("acme", Map.of("org", "acme", "cpuMillis", 500L, "cpuBurstMillis",
                1000L, "network", "filtered", "egressAllow", new String[] {"pypi.org"}, "egressPorts", new int[] {443}));
        assertEquals(2048 * MIB, limits.forOrg("globex").resources().memoryBytes());
        assertEquals(1024 * MIB, limits.forOrg("globex").resources().memoryReservedBytes());
        SandboxLimits.Limits a = limits.forOrg("acme");
        assertEquals(1000, a.resources().cpuMillis());
        assertEquals(500, a.resources().cpuReservedMillis());
        assertEquals(NetworkPolicy.FILTERED, a.network());
        assertEquals(new EgressPolicy(List.of("pypi.org"), Set.of(443), false), a.egress());
        acme.deactivate();
        assertEquals(2048 * MIB, limits.forOrg("acme").resources().memoryBytes());
    }

    @Test
    public void anInvalidChangeKeepsThePreviousLimits() {
        SandboxLimitsComponent c = activate("acme", Map.of("org", "acme", "pids", 64L));
        Map<String, Object> bad = new HashMap<>(Map.of("org", "acme", "pids", 32L, "network", "WIDE-OPEN"));
        c.modified(config(bad));
        assertEquals(64, limits.forOrg("acme").resources().pids());
        bad.put("network", "NONE");
        bad.put("cpuMillis", 8000L); // reserved above the burst limit
        c.modified(config(bad));
        assertEquals(64, limits.forOrg("acme").resources().pids());
        bad.put("cpuMillis", 1000L);
        c.modified(config(bad));
        assertEquals(32, limits.forOrg("acme").resources().pids());
    }
}
