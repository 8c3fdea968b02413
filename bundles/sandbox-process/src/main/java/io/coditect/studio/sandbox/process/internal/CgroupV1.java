package io.coditect.studio.sandbox.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v1: the memory, cpu, cpuacct and pids controllers each have a hierarchy (cpu and cpuacct are
 * often mounted together, in which case they share one directory). A sandbox group is a directory of
 * the same name in each hierarchy; a process joins it by writing its pid to cgroup.procs in each.
 */
final class CgroupV1 extends CgroupSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupV1.class);

    static final long CFS_PERIOD_US = 100_000;

    /** The kernel's bounds for cpu.shares. */
    static final long MIN_SHARES = 2;
    static final long MAX_SHARES = 262_144;

    /** controller → mount point, for memory, cpu, cpuacct and pids when mounted. */
    private final Map<String, Path> mounts;
    private final String parent;

    CgroupV1(Map<String, Path> mounts, String parent) {
        this.mounts = Collections.unmodifiableMap(new LinkedHashMap<>(mounts));
        this.parent = parent;
    }

    @Override
    String description() {
        return "cgroup v1 (" + String.join(", ", mounts.keySet()) + ") under " + parent;
    }

    @Override
    Set<Limit> enforceable() {
        Set<Limit> set = EnumSet.noneOf(Limit.class);
        for (Limit l : Limit.values()) {
            if (mounts.containsKey(l.controller)) {
                set.add(l);
            }
        }
        return set;
    }

    /** The distinct hierarchy roots (cpu and cpuacct may share one). */
    private Set<Path> roots() {
        return new LinkedHashSet<>(mounts.values());
    }

    @Override
    String check() {
        for (Path root : roots()) {
            Path dir = root.resolve(parent);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                return "cannot create the cgroup " + dir + ": " + CgroupFiles.describe(e)
                        + "; run the studio as root, or create " + dir + " and give its owner the studio's user";
            }
            if (!Files.isWritable(dir) || !Files.isWritable(dir.resolve("cgroup.procs"))) {
                return "the cgroup " + dir + " is not writable by the studio's user; run the studio as root, or"
                        + " chown -R the studio's user " + dir;
            }
        }
        return null;
    }

    @Override
    List<Path> parentDirectories() {
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots()) {
            dirs.add(root.resolve(parent));
        }
        return dirs;
    }

    @Override
    Cgroup createSandboxGroup(String name, ResourceLimits limits) throws IOException {
        String problem = check();
        if (problem != null) {
            throw new IOException(problem);
        }
        Group group = new Group(parent + "/" + name);
        try {
            group.create();
            group.applyLimits(limits);
        } catch (IOException | RuntimeException e) {
            if (!group.remove()) {
                LOG.warn("could not clean up the cgroup {} after a failure", group.path());
            }
            throw e;
        }
        return group;
    }

    /** A group in every hierarchy. */
    private final class Group implements Cgroup {

        private final String path;

        Group(String path) {
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }

        Path dir(String controller) {
            Path root = mounts.get(controller);
            return root == null ? null : root.resolve(path);
        }

        @Override
        public List<Path> directories() {
            List<Path> dirs = new ArrayList<>();
            for (Path root : roots()) {
                dirs.add(root.resolve(path));
            }
            return dirs;
        }

        void create() throws IOException {
            for (Path dir : directories()) {
                try {
                    Files.createDirectory(dir);
                } catch (IOException e) {
                    throw new IOException("cannot create the cgroup " + dir + ": " + CgroupFiles.describe(e), e);
                }
            }
        }

        void applyLimits(ResourceLimits limits) throws IOException {
            Path memory = dir("memory");
            if (memory != null) {
                // old kernels default to flat accounting; the commands' sub-groups must count towards
                // this group's limit (newer kernels always account hierarchically and show 1)
                Path hierarchy = memory.resolve("memory.use_hierarchy");
                if (Files.exists(hierarchy) && CgroupFiles.readLong(hierarchy) == 0) {
                    CgroupFiles.write(hierarchy, "1");
                }
            }
            if (limits.memoryBytes() > 0 && memory != null) {
                CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
                // no swapping around the limit: memory+swap gets the same limit (when swap accounting is on)
                Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(memsw)) {
                    CgroupFiles.write(memsw, Long.toString(limits.memoryBytes()));
                }
            }
            Path cpu = dir("cpu");
            if (limits.cpuMillis() > 0 && cpu != null) {
                CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
                CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(cpuQuotaMicros(limits.cpuMillis())));
            }
            Path pids = dir("pids");
            if (limits.pids() > 0 && pids != null) {
                CgroupFiles.write(pids.resolve("pids.max"), Long.toString(limits.pids()));
            }
            applyReservations(limits, memory, cpu);
        }

        /**
         * The reserved amounts, which unlike the hard limits do not fail the sandbox when they cannot
         * be set (logged instead). Zero leaves the kernel's default (1024 shares, no soft limit).
         */
        private void applyReservations(ResourceLimits limits, Path memory, Path cpu) {
            if (limits.cpuReservedMillis() > 0) {
                if (cpu == null) {
                    LOG.warn("cgroup {}: cannot set the CPU reservation of {} m: the cpu controller is not mounted;"
                            + " the sandbox runs without it", path, limits.cpuReservedMillis());
                } else {
                    CgroupFiles.writeReservation(path, cpu.resolve("cpu.shares"),
                            Long.toString(cpuShares(limits.cpuReservedMillis())), "CPU reservation (cpu.shares)");
                }
            }
            if (limits.memoryReservedBytes() > 0) {
                if (memory == null) {
                    LOG.warn("cgroup {}: cannot set the memory reservation of {}: the memory controller is not"
                            + " mounted; the sandbox runs without it", path, Sizes.bytes(limits.memoryReservedBytes()));
                } else {
                    CgroupFiles.writeReservation(path, memory.resolve("memory.soft_limit_in_bytes"),
                            Long.toString(limits.memoryReservedBytes()),
                            "memory reservation (memory.soft_limit_in_bytes)");
                }
            }
        }

        @Override
        public Cgroup createChild(String name) throws IOException {
            Group child = new Group(path + "/" + name);
            try {
                child.create();
            } catch (IOException e) {
                child.remove();
                throw e;
            }
            return child;
        }

        @Override
        public List<Path> procsFiles() {
            List<Path> files = new ArrayList<>();
            for (Path dir : directories()) {
                files.add(dir.resolve("cgroup.procs"));
            }
            return files;
        }

        @Override
        public Set<Long> pids() {
            // a process is in every hierarchy; reading all of them also catches one that is joining
            Set<Long> pids = new LinkedHashSet<>();
            for (Path dir : directories()) {
                pids.addAll(CgroupFiles.pidsBelow(dir));
            }
            return pids;
        }

        @Override
        public boolean killAll() {
            return CgroupFiles.killAll(this::pids);
        }

        @Override
        public long oomKills() {
            Path memory = dir("memory");
            return memory == null ? -1 : CgroupFiles.readKey(memory.resolve("memory.oom_control"), "oom_kill");
        }

        @Override
        public long memoryFailCount() {
            Path memory = dir("memory");
            return memory == null ? -1 : CgroupFiles.readLong(memory.resolve("memory.failcnt"));
        }

        @Override
        public long memoryBytes() {
            Path memory = dir("memory");
            return memory == null ? -1 : CgroupFiles.readLong(memory.resolve("memory.usage_in_bytes"));
        }

        @Override
        public long cpuNanos() {
            Path cpuacct = dir("cpuacct");
            return cpuacct == null ? -1 : CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage"));
        }

        @Override
        public long pidsCurrent() {
            Path pids = dir("pids");
            return pids == null ? -1 : CgroupFiles.readLong(pids.resolve("pids.current"));
        }

        @Override
        public boolean remove() {
            boolean ok = true;
            for (Path dir : directories()) {
                ok &= CgroupFiles.removeTree(dir);
            }
            return ok;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /**
     * cpu.shares for a CPU reservation: reservedMillis * 1024 / 1000, so that one reserved vCPU is the
     * default 1024 shares; at least the kernel's minimum 2, at most its maximum 262144.
     */
    static long cpuShares(long reservedMillis) {
        return Math.max(MIN_SHARES, Math.min(MAX_SHARES, reservedMillis * 1024 / 1000));
    }

    /** CFS quota per period of {@value #CFS_PERIOD_US} µs; the kernel's minimum is 1 ms. */
    static long cpuQuotaMicros(long cpuMillis) {
        return Math.max(1000, cpuMillis * CFS_PERIOD_US / 1000);
    }
}
