package io.coditect.studio.sandbox.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.coditect.studio.api.sandbox.ResourceLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v2 (unified hierarchy). The memory, cpu and pids controllers are enabled in
 * cgroup.subtree_control of every level from the mount root down to each sandbox group, so that the
 * sandbox group carries memory.max, memory.swap.max, cpu.max and pids.max (and, for the reserved amounts,
 * cpu.weight and memory.low), and its per-command
 * sub-groups report memory.events. Only leaf groups (one per command) hold processes, which is what
 * v2's "no internal processes" rule asks.
 */
final class CgroupV2 extends CgroupSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupV2.class);

    static final long CPU_PERIOD_US = 100_000;

    private final Path root;
    private final String parent;

    CgroupV2(Path root, String parent) {
        this.root = root;
        this.parent = parent;
    }

    @Override
    String description() {
        return "cgroup v2 (" + String.join(", ", available()) + ") under " + parent;
    }

    /** Of memory, cpu and pids, those the root offers. */
    private List<String> available() {
        List<String> list = new ArrayList<>();
        try {
            List<String> offered = List.of(
                    Files.readString(root.resolve("cgroup.controllers"), StandardCharsets.US_ASCII).trim().split("\\s+"));
            for (Limit l : Limit.values()) {
                if (offered.contains(l.controller)) {
                    list.add(l.controller);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", root.resolve("cgroup.controllers"), e.toString());
        }
        return list;
    }

    @Override
    Set<Limit> enforceable() {
        Set<Limit> set = EnumSet.noneOf(Limit.class);
        List<String> available = available();
        for (Limit l : Limit.values()) {
            if (available.contains(l.controller)) {
                set.add(l);
            }
        }
        return set;
    }

    @Override
    String check() {
        try {
            ensureParent();
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Creates the parent group and enables the controllers from the root down to it. */
    private Path ensureParent() throws IOException {
        if (!Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            throw new IOException(root + " is not a cgroup v2 hierarchy (no cgroup.controllers)");
        }
        List<String> controllers = available();
        if (controllers.isEmpty()) {
            throw new IOException("the cgroup v2 hierarchy at " + root + " offers none of the memory, cpu and pids"
                    + " controllers; enable them for the studio (systemd: Delegate=yes in its unit)");
        }
        Path dir = root;
        enableControllers(dir, controllers);
        for (String segment : segments(parent)) {
            dir = dir.resolve(segment);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("cannot create the cgroup " + dir + ": " + CgroupFiles.describe(e)
                        + "; run the studio as root or delegate a cgroup subtree to it (systemd: Delegate=yes)", e);
            }
            enableControllers(dir, controllers);
        }
        return dir;
    }

    /** Enables the controllers for the children of dir, unless they already are. */
    static void enableControllers(Path dir, List<String> controllers) throws IOException {
        Path file = dir.resolve("cgroup.subtree_control");
        List<String> enabled = List.of();
        if (Files.exists(file)) {
            enabled = new ArrayList<>();
            for (String c : Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+")) {
                enabled.add(c.startsWith("+") ? c.substring(1) : c);
            }
        }
        StringBuilder wanted = new StringBuilder();
        for (String c : controllers) {
            if (!enabled.contains(c)) {
                wanted.append(wanted.length() == 0 ? "" : " ").append('+').append(c);
            }
        }
        if (wanted.length() == 0) {
            return;
        }
        try {
            CgroupFiles.write(file, wanted.toString());
        } catch (IOException e) {
            throw new IOException(e.getMessage() + ". The studio needs a cgroup subtree of its own whose"
                    + " controllers it may enable: run it as root, or delegate one (systemd: Delegate=yes);"
                    + " in a container the cgroup holding the container's processes cannot enable controllers"
                    + " (\"no internal processes\" rule), so move them to a child cgroup first", e);
        }
    }

    @Override
    List<Path> parentDirectories() {
        return List.of(root.resolve(parent));
    }

    @Override
    Cgroup createSandboxGroup(String name, ResourceLimits limits) throws IOException {
        Path parentDir = ensureParent();
        Group group = new Group(parent + "/" + name, parentDir.resolve(name));
        try {
            try {
                Files.createDirectory(group.dir);
            } catch (IOException e) {
                throw new IOException("cannot create the cgroup " + group.dir + ": " + CgroupFiles.describe(e), e);
            }
            applyLimits(group.dir, limits);
            // the per-command sub-groups need the controllers too (memory.events, pids.current)
            enableControllers(group.dir, available());
        } catch (IOException | RuntimeException e) {
            if (!group.remove()) {
                LOG.warn("could not clean up the cgroup {} after a failure", group.dir);
            }
            throw e;
        }
        return group;
    }

    static void applyLimits(Path dir, ResourceLimits limits) throws IOException {
        if (limits.memoryBytes() > 0) {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            Path swap = dir.resolve("memory.swap.max");
            if (Files.exists(swap)) { // absent when swap accounting is off
                CgroupFiles.write(swap, "0");
            }
        }
        if (limits.cpuMillis() > 0) {
            long quota = Math.max(1000, limits.cpuMillis() * CPU_PERIOD_US / 1000);
            CgroupFiles.write(dir.resolve("cpu.max"), quota + " " + CPU_PERIOD_US);
        }
        if (limits.pids() > 0) {
            CgroupFiles.write(dir.resolve("pids.max"), Long.toString(limits.pids()));
        }
        applyReservations(dir, limits);
    }

    /**
     * The reserved amounts, which unlike the hard limits do not fail the sandbox when they cannot be
     * set (logged instead). Zero leaves the kernel's default (weight 100, no protection).
     */
    static void applyReservations(Path dir, ResourceLimits limits) {
        if (limits.cpuReservedMillis() > 0) {
            CgroupFiles.writeReservation(dir.toString(), dir.resolve("cpu.weight"),
                    Long.toString(cpuWeight(limits.cpuReservedMillis())), "CPU reservation (cpu.weight)");
        }
        if (limits.memoryReservedBytes() > 0) {
            CgroupFiles.writeReservation(dir.toString(), dir.resolve("memory.low"),
                    Long.toString(limits.memoryReservedBytes()), "memory reservation (memory.low)");
        }
    }

    /**
     * cpu.weight for a CPU reservation: reservedMillis / 10, within the kernel's 1…10000, so that one
     * reserved vCPU is the default weight 100 and 2 vCPU reserved get twice the CPU of a default group
     * (or of a sandbox with 1 vCPU reserved) when they compete.
     */
    static long cpuWeight(long reservedMillis) {
        return Math.max(1, Math.min(10_000, reservedMillis * 100 / 1000));
    }

    private static final class Group implements Cgroup {

        private final String path;
        private final Path dir;

        Group(String path, Path dir) {
            this.path = path;
            this.dir = dir;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public List<Path> directories() {
            return List.of(dir);
        }

        @Override
        public Cgroup createChild(String name) throws IOException {
            Group child = new Group(path + "/" + name, dir.resolve(name));
            try {
                Files.createDirectory(child.dir);
            } catch (IOException e) {
                throw new IOException("cannot create the cgroup " + child.dir + ": " + CgroupFiles.describe(e), e);
            }
            return child;
        }

        @Override
        public List<Path> procsFiles() {
            return List.of(dir.resolve("cgroup.procs"));
        }

        @Override
        public Set<Long> pids() {
            return CgroupFiles.pidsBelow(dir);
        }

        @Override
        public boolean killAll() {
            Path kill = dir.resolve("cgroup.kill"); // Linux 5.14+: kills the whole subtree at once
            if (Files.exists(kill)) {
                try {
                    CgroupFiles.write(kill, "1");
                } catch (IOException e) {
                    LOG.warn("{}; killing the processes one by one", e.getMessage());
                }
            }
            return CgroupFiles.killAll(this::pids);
        }

        @Override
        public long oomKills() {
            return CgroupFiles.readKey(dir.resolve("memory.events"), "oom_kill");
        }

        @Override
        public long memoryFailCount() {
            return CgroupFiles.readKey(dir.resolve("memory.events"), "max");
        }

        @Override
        public long memoryBytes() {
            return CgroupFiles.readLong(dir.resolve("memory.current"));
        }

        @Override
        public long cpuNanos() {
            long usec = CgroupFiles.readKey(dir.resolve("cpu.stat"), "usage_usec");
            return usec < 0 ? -1 : usec * 1000;
        }

        @Override
        public long pidsCurrent() {
            return CgroupFiles.readLong(dir.resolve("pids.current"));
        }

        @Override
        public boolean remove() {
            return CgroupFiles.removeTree(dir);
        }

        @Override
        public String toString() {
            return path;
        }
    }
}
