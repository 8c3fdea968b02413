package io.coditect.studio.api.sandbox;

/**
 * Resource limits of one sandbox; zero means "no limit" (or, for the reserved amounts, "nothing
 * reserved") for that resource. SDD §3.3's "2 vCPU burst 4, 4 GB burst 8" is a reservation of 2
 * vCPU and 4 GB with hard limits of 4 vCPU and 8 GB.
 *
 * @param cpuMillis           CPU in thousandths of a core (4000 = 4 vCPU) the sandbox can never
 *                            exceed
 * @param memoryBytes         memory including page cache, beyond which the sandbox is OOM-killed
 * @param diskBytes           writable disk
 * @param pids                most processes and threads at once
 * @param cpuReservedMillis   CPU share the sandbox gets when the host is busy (its weight among
 *                            sandboxes); it may burst up to {@code cpuMillis} when the host is idle
 * @param memoryReservedBytes memory protected from reclaim; above it, up to {@code memoryBytes},
 *                            the host takes pages back first from this sandbox when memory is short
 */
public record ResourceLimits(long cpuMillis, long memoryBytes, long diskBytes, long pids, long cpuReservedMillis,
        long memoryReservedBytes) {

    private static final long GIB = 1024L * 1024 * 1024;

    /** SDD §3.3: 2 vCPU burst 4, 4 GB burst 8, 10 GB disk; 512 processes. */
    public static final ResourceLimits DEFAULT = new ResourceLimits(4000, 8 * GIB, 10 * GIB, 512, 2000, 4 * GIB);

    public ResourceLimits {
        if (cpuMillis < 0 || memoryBytes < 0 || diskBytes < 0 || pids < 0 || cpuReservedMillis < 0
                || memoryReservedBytes < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
        if (cpuMillis > 0 && cpuReservedMillis > cpuMillis) {
            throw new IllegalArgumentException("reserved CPU (" + cpuReservedMillis + " m) exceeds the CPU limit ("
                    + cpuMillis + " m)");
        }
        if (memoryBytes > 0 && memoryReservedBytes > memoryBytes) {
            throw new IllegalArgumentException("reserved memory (" + Sizes.bytes(memoryReservedBytes)
                    + ") exceeds the memory limit (" + Sizes.bytes(memoryBytes) + ")");
        }
    }

    /** Hard limits only, nothing reserved (as before reservations existed). */
    public ResourceLimits(long cpuMillis, long memoryBytes, long diskBytes, long pids) {
        this(cpuMillis, memoryBytes, diskBytes, pids, 0, 0);
    }

    public ResourceLimits withMemoryBytes(long bytes) {
        return new ResourceLimits(cpuMillis, bytes, diskBytes, pids, cpuReservedMillis,
                Math.min(memoryReservedBytes, bytes == 0 ? memoryReservedBytes : bytes));
    }

    public ResourceLimits withCpuMillis(long millis) {
        return new ResourceLimits(millis, memoryBytes, diskBytes, pids,
                Math.min(cpuReservedMillis, millis == 0 ? cpuReservedMillis : millis), memoryReservedBytes);
    }

    public ResourceLimits withPids(long count) {
        return new ResourceLimits(cpuMillis, memoryBytes, diskBytes, count, cpuReservedMillis, memoryReservedBytes);
    }

    public ResourceLimits withReserved(long cpuMillisReserved, long memoryBytesReserved) {
        return new ResourceLimits(cpuMillis, memoryBytes, diskBytes, pids, cpuMillisReserved, memoryBytesReserved);
    }
}
