package io.coditect.studio.sandbox.process.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One control group, present in one hierarchy (cgroup v2) or in several (cgroup v1: one per
 * controller mount). Readings return -1 when the value is not available.
 */
interface Cgroup {

    /** The path below the hierarchy roots, for example {@code coditect-studio/sbx-1a2b}. */
    String path();

    /** The directories of this group, one per hierarchy. */
    List<Path> directories();

    /** Creates a sub-group without limits of its own (the limits of this group cover it). */
    Cgroup createChild(String name) throws IOException;

    /** The files a process writes its pid to, in every hierarchy, to join this group. */
    List<Path> procsFiles();

    /** Every process in this group and its sub-groups. */
    Set<Long> pids();

    /**
     * SIGKILLs every process in this group and its sub-groups, again until none is left.
     *
     * @return whether the group is empty
     */
    boolean killAll();

    /** Processes of this group killed by the OOM killer so far; -1 when the kernel does not tell. */
    long oomKills();

    /** How often the memory limit of this group was hit; -1 when unknown. */
    long memoryFailCount();

    long memoryBytes();

    long cpuNanos();

    long pidsCurrent();

    /**
     * Removes the group and its sub-groups (they must hold no process).
     *
     * @return whether every directory is gone
     */
    boolean remove();
}
