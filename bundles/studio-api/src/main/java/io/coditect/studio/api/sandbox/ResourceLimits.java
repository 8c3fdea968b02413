package io.coditect.studio.api.sandbox;

/**
 * Resource limits of one sandbox; zero means "no limit" for that resource.
 *
 * @param cpuMillis   CPU in thousandths of a core (2000 = 2 vCPU)
 * @param memoryBytes memory including page cache, beyond which the sandbox is OOM-killed
 * @param diskBytes   writable disk
 * @param pids        most processes and threads at once
 */
public record ResourceLimits(long cpuMillis, long memoryBytes, long diskBytes, long pids) {

    private static final long GIB = 1024L * 1024 * 1024;

    /** SDD §3.3: 2 vCPU, 4 GB memory, 10 GB disk; 512 processes. */
    public static final ResourceLimits DEFAULT = new ResourceLimits(2000, 4 * GIB, 10 * GIB, 512);

    public ResourceLimits {
        if (cpuMillis < 0 || memoryBytes < 0 || diskBytes < 0 || pids < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
    }

    public ResourceLimits withMemoryBytes(long bytes) {
        return new ResourceLimits(cpuMillis, bytes, diskBytes, pids);
    }

    public ResourceLimits withCpuMillis(long millis) {
        return new ResourceLimits(millis, memoryBytes, diskBytes, pids);
    }

    public ResourceLimits withPids(long count) {
        return new ResourceLimits(cpuMillis, memoryBytes, diskBytes, count);
    }
}
