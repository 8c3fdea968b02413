package io.coditect.studio.sandbox.docker.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.SandboxSpec;

/**
 * What a sandbox's container looks like: the HostConfig with limits and hardening, the environment
 * and the keep-alive command. Pure functions, so the tests check them without an engine.
 */
final class ContainerConfig {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Label on every container of the driver, to find leftovers. */
    static final String LABEL = "io.coditect.studio.sandbox";

    /**
     * The container's main process: it only waits, so the sandbox lives between commands; it exits
     * at once on SIGTERM, so removal does not wait for the engine's kill timeout.
     */
    static final List<String> KEEP_ALIVE = List.of("/bin/sh", "-c",
            "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done");

    private static final long MIB = 1024L * 1024;
    private static final long CFS_PERIOD_US = 100_000;
    private static final long MIN_CPU_SHARES = 2;
    /** The kernel's maximum for cpu.shares (2^18), reached at 256 reserved cores. */
    private static final long MAX_CPU_SHARES = 262_144;

    private ContainerConfig() {
    }

    /** The network mode for a policy; FILTERED uses the configured network, else none. */
    static String networkMode(NetworkPolicy policy, DriverSettings settings) {
        switch (policy) {
            case HOST:
                return "host";
            case FILTERED:
                return settings.filteredNetwork().isEmpty() ? "none" : settings.filteredNetwork();
            case NONE:
            default:
                return "none";
        }
    }

    static HostConfig hostConfig(SandboxSpec spec, Path workspace, List<SandboxSpec.Mount> mounts,
            DriverSettings settings) {
        ResourceLimits l = spec.limits();
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(workspace.toString(), new Volume(SandboxSpec.WORKSPACE), AccessMode.rw));
        for (SandboxSpec.Mount m : mounts) {
            binds.add(new Bind(m.hostPath().toString(), new Volume(m.sandboxPath()),
                    m.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        tmpfs.put("/tmp", "rw,nosuid,nodev,size=" + tmpSize(l) + ",mode=1777");
        HostConfig hc = HostConfig.newHostConfig()
                .withBinds(binds)
                .withTmpFs(tmpfs)
                .withReadonlyRootfs(true)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withNetworkMode(networkMode(spec.network(), settings));
        if (l.memoryBytes() > 0) {
            // swap equal to memory: no swap on top, so the limit is what the sandbox gets
            hc.withMemory(l.memoryBytes()).withMemorySwap(l.memoryBytes());
        }
        if (l.cpuMillis() > 0) {
            // CFS quota rather than NanoCPUs: Docker and Podman both translate it the same way
            hc.withCpuPeriod(CFS_PERIOD_US).withCpuQuota(l.cpuMillis() * CFS_PERIOD_US / 1000);
        }
        if (l.cpuReservedMillis() > 0) {
            // the reservation is a weight, not a guarantee: 1024 shares per core, as docker run --cpus
            // relates to --cpu-shares; under contention sandboxes share the CPUs in this ratio
            hc.withCpuShares(cpuShares(l.cpuReservedMillis()));
        }
        if (l.memoryReservedBytes() > 0) {
            // soft limit: the kernel reclaims from the sandboxes above it first when memory is short
            hc.withMemoryReservation(l.memoryReservedBytes());
        }
        if (l.pids() > 0) {
            hc.withPidsLimit(l.pids());
        }
        if (settings.enforceDiskLimit() && l.diskBytes() > 0) {
            hc.withStorageOpt(Map.of("size", Long.toString(l.diskBytes())));
        }
        if (!settings.runtime().isEmpty()) {
            hc.withRuntime(settings.runtime());
        }
        if (!settings.ulimits().isEmpty()) {
            List<Ulimit> ul = new ArrayList<>();
            settings.ulimits().forEach(u -> ul.add(new Ulimit(u.name(), u.soft(), u.hard())));
            hc.withUlimits(ul);
        }
        return hc;
    }

    /**
     * CPU shares (cgroup v1 {@code cpu.shares}; the engine maps it to {@code cpu.weight} on v2) for a
     * reservation: 1024 per core, at least 2 (the kernel's minimum).
     */
    static int cpuShares(long cpuReservedMillis) {
        long shares = cpuReservedMillis * 1024 / 1000;
        return (int) Math.max(MIN_CPU_SHARES, Math.min(MAX_CPU_SHARES, shares));
    }

    /**
     * Size of /tmp: the smallest of the disk limit, half the memory limit (tmpfs pages count towards
     * the memory limit) and 1 GiB, at least 1 MiB.
     */
    static long tmpSize(ResourceLimits l) {
        long size = 1024 * MIB;
        if (l.diskBytes() > 0) {
            size = Math.min(size, l.diskBytes());
        }
        if (l.memoryBytes() > 0) {
            size = Math.min(size, l.memoryBytes() / 2);
        }
        return Math.max(MIB, size);
    }

    /** The environment of the container: defaults, then the spec's (later wins). */
    static List<String> environment(Map<String, String> specEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", SandboxSpec.WORKSPACE);
        env.put("LANG", "C.UTF-8");
        env.putAll(specEnv);
        return toList(env);
    }

    static List<String> toList(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> {
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0 || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable '" + k + "' has an invalid name or value");
            }
            out.add(k + "=" + v);
        });
        return out;
    }
}
