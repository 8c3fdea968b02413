package io.coditect.studio.sandbox.docker.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.coditect.studio.api.Health;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import org.junit.Test;

/** The container's configuration and the driver's settings, without an engine. */
public class ContainerConfigTest {

    private static final long MIB = 1024L * 1024;

    private static SandboxSpec spec(ResourceLimits limits, NetworkPolicy network) {
        return new SandboxSpec(null, Path.of("/w"), limits, network,
                List.of(new SandboxSpec.Mount(Path.of("/data"), "/data", true)), Map.of("A", "1"));
    }

    @Test
    public void hardensEveryContainer() {
        SandboxSpec s = spec(new ResourceLimits(1500, 64 * MIB, 0, 100), NetworkPolicy.NONE);
        HostConfig hc = ContainerConfig.hostConfig(s, Path.of("/w"), s.mounts(), DriverSettings.defaults());
        assertTrue(hc.getReadonlyRootfs());
        assertEquals(List.of(Capability.ALL), List.of(hc.getCapDrop()));
        assertEquals(List.of("no-new-privileges"), hc.getSecurityOpts());
        assertEquals("none", hc.getNetworkMode());
        assertEquals(Long.valueOf(64 * MIB), hc.getMemory());
        assertEquals("no swap beyond the memory limit", Long.valueOf(64 * MIB), hc.getMemorySwap());
        assertEquals(Long.valueOf(100_000), hc.getCpuPeriod());
        assertEquals(Long.valueOf(150_000), hc.getCpuQuota());
        assertEquals(Long.valueOf(100), hc.getPidsLimit());
        assertTrue(hc.getTmpFs().get("/tmp").contains("size=" + 32 * MIB));
        assertEquals(2, hc.getBinds().length);
        assertEquals("/home/dev", hc.getBinds()[0].getVolume().getPath());
        assertEquals(AccessMode.rw, hc.getBinds()[0].getAccessMode());
        assertEquals(AccessMode.ro, hc.getBinds()[1].getAccessMode());
        assertNull("no runtime unless configured", hc.getRuntime());
        assertNull("disk limit not passed unless enforceDiskLimit", hc.getStorageOpt());
        assertNull("nothing reserved, no shares", hc.getCpuShares());
        assertNull("nothing reserved, no reservation", hc.getMemoryReservation());
    }

    @Test
    public void defaultsReserveTwoCpusAndFourGibBurstingToFourAndEight() {
        SandboxSpec s = spec(ResourceLimits.DEFAULT, NetworkPolicy.NONE);
        HostConfig hc = ContainerConfig.hostConfig(s, Path.of("/w"), List.of(), DriverSettings.defaults());
        assertEquals("hard limit 4 vCPU", Long.valueOf(400_000), hc.getCpuQuota());
        assertEquals(Long.valueOf(100_000), hc.getCpuPeriod());
        assertEquals("2 vCPU reserved", Integer.valueOf(2048), hc.getCpuShares());
        assertEquals("hard limit 8 GiB", Long.valueOf(8192 * MIB), hc.getMemory());
        assertEquals(Long.valueOf(8192 * MIB), hc.getMemorySwap());
        assertEquals("4 GiB reserved", Long.valueOf(4096 * MIB), hc.getMemoryReservation());
        assertEquals(Long.valueOf(512), hc.getPidsLimit());
        assertTrue(hc.getTmpFs().get("/tmp").contains("size=" + 1024 * MIB));
    }

    @Test
    public void reservationsWithoutHardLimits() {
        SandboxSpec s = spec(new ResourceLimits(0, 0, 0, 0, 500, 256 * MIB), NetworkPolicy.NONE);
        HostConfig hc = ContainerConfig.hostConfig(s, Path.of("/w"), List.of(), DriverSettings.defaults());
        assertNull(hc.getCpuQuota());
        assertNull(hc.getMemory());
        assertEquals(Integer.valueOf(512), hc.getCpuShares());
        assertEquals(Long.valueOf(256 * MIB), hc.getMemoryReservation());
    }

    @Test
    public void cpuSharesAreOneThousandTwentyFourPerCoreAtLeastTwo() {
        assertEquals(1024, ContainerConfig.cpuShares(1000));
        assertEquals(1536, ContainerConfig.cpuShares(1500));
        assertEquals(102, ContainerConfig.cpuShares(100));
        assertEquals("the kernel's minimum", 2, ContainerConfig.cpuShares(1));
        assertEquals(2, ContainerConfig.cpuShares(2));
        assertEquals("the kernel's maximum", 262_144, ContainerConfig.cpuShares(1_000_000));
    }

    @Test
    public void describeNamesTheReservations() {
        assertEquals("cpu 4000 millicores (2000 reserved), memory 8 GiB (4 GiB reserved), pids 512,"
                + " disk 10 GiB (not enforced)", DockerSandboxDriver.describe(ResourceLimits.DEFAULT,
                        DriverSettings.defaults()));
        assertEquals("cpu 1000 millicores, memory 64 MiB, pids 8, disk unlimited",
                DockerSandboxDriver.describe(new ResourceLimits(1000, 64 * MIB, 0, 8), DriverSettings.defaults()));
    }

    @Test
    public void zeroLimitsAreLeftOut() {
        SandboxSpec s = spec(new ResourceLimits(0, 0, 0, 0), NetworkPolicy.NONE);
        HostConfig hc = ContainerConfig.hostConfig(s, Path.of("/w"), List.of(), DriverSettings.defaults());
        assertNull(hc.getMemory());
        assertNull(hc.getCpuQuota());
        assertNull(hc.getPidsLimit());
        assertNull(hc.getCpuShares());
        assertNull(hc.getMemoryReservation());
        assertTrue(hc.getTmpFs().get("/tmp").contains("size=" + 1024 * MIB));
    }

    @Test
    public void runtimeUlimitsAndDiskLimitFromSettings() {
        DriverSettings settings = DriverSettings.defaults().withRuntime("runsc").withEnforceDiskLimit(true)
                .withUlimits(DriverSettings.parseUlimits("nofile=1024:2048, nproc=99"));
        SandboxSpec s = spec(ResourceLimits.DEFAULT, NetworkPolicy.NONE);
        HostConfig hc = ContainerConfig.hostConfig(s, Path.of("/w"), List.of(), settings);
        assertEquals("runsc", hc.getRuntime());
        assertEquals(Long.toString(10L * 1024 * MIB), hc.getStorageOpt().get("size"));
        assertEquals(2, hc.getUlimits().length);
        assertEquals("nofile", hc.getUlimits()[0].getName());
        assertEquals(Long.valueOf(1024), hc.getUlimits()[0].getSoftLong());
        assertEquals(Long.valueOf(2048), hc.getUlimits()[0].getHardLong());
        assertEquals(Long.valueOf(99), hc.getUlimits()[1].getHardLong());
    }

    @Test
    public void networkModes() {
        DriverSettings d = DriverSettings.defaults();
        assertEquals("none", ContainerConfig.networkMode(NetworkPolicy.NONE, d));
        assertEquals("host", ContainerConfig.networkMode(NetworkPolicy.HOST, d));
        assertEquals("FILTERED without a filtered network gets none", "none",
                ContainerConfig.networkMode(NetworkPolicy.FILTERED, d));
        DriverSettings f = new DriverSettings(null, null, null, null, "egress", null, false, null, null);
        assertEquals("egress", ContainerConfig.networkMode(NetworkPolicy.FILTERED, f));
    }

    @Test
    public void environmentDefaultsThenSpec() {
        List<String> env = ContainerConfig.environment(Map.of("HOME", "/elsewhere", "X", "y"));
        assertTrue(env.contains("PATH=" + ContainerConfig.PATH));
        assertTrue(env.contains("HOME=/elsewhere"));
        assertTrue(env.contains("X=y"));
        assertThrows(IllegalArgumentException.class, () -> ContainerConfig.environment(Map.of("A=B", "c")));
    }

    @Test
    public void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DriverSettings.defaults().withDockerHost("http://x"));
        assertThrows(IllegalArgumentException.class, () -> DriverSettings.defaults().withUser("dev"));
        assertThrows(IllegalArgumentException.class, () -> DriverSettings.parseUlimits("nofile"));
        assertEquals(PullPolicy.IF_MISSING, PullPolicy.parse("if-missing"));
        assertEquals(PullPolicy.NEVER, PullPolicy.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PullPolicy.parse("always"));
        assertEquals("1000:1000", DriverSettings.defaults().withUser("1000:1000").user());
    }

    @Test
    public void downWithWhatToStartWhenTheSocketIsMissing() {
        DriverSettings s = DriverSettings.defaults().withDockerHost("unix:///nonexistent/podman.sock");
        try (DockerSandboxDriver driver = new DockerSandboxDriver(s)) {
            Health h = driver.health();
            assertEquals(Health.Status.DOWN, h.status());
            assertTrue(h.message(), h.message().contains("cannot reach the Docker API at unix:///nonexistent/podman.sock"));
            assertTrue(h.message(), h.message().contains("podman system service"));
            SandboxException e = assertThrows(SandboxException.class,
                    () -> driver.create(SandboxSpec.of(Path.of("target/ws-unreachable"), ResourceLimits.DEFAULT)));
            assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
        }
    }

    @Test
    public void downWhenNothingListensOnTcp() {
        DriverSettings s = DriverSettings.defaults().withDockerHost("tcp://127.0.0.1:1");
        try (DockerSandboxDriver driver = new DockerSandboxDriver(s)) {
            Health h = driver.health();
            assertEquals(Health.Status.DOWN, h.status());
            assertTrue(h.message(), h.message().startsWith("cannot reach the Docker API at tcp://127.0.0.1:1"));
            assertFalse(h.isUp());
        }
    }
}
