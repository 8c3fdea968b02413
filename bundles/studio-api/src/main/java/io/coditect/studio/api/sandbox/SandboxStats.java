package io.coditect.studio.api.sandbox;

/**
 * Resource use of a sandbox; -1 where the driver cannot tell.
 *
 * @param memoryBytes    current memory use
 * @param cpuNanos       CPU time used so far
 * @param pids           processes and threads now
 * @param diskBytes      bytes in the workspace
 */
public record SandboxStats(long memoryBytes, long cpuNanos, long pids, long diskBytes) {
}
