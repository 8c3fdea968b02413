package io.coditect.studio.sandbox.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.coditect.studio.api.sandbox.ResourceLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's cgroups as this driver uses them: where sandbox groups are created and which limits
 * they can enforce. {@link #detect(String)} reads {@code /proc/self/mountinfo}: when a cgroup v1
 * hierarchy carries the memory, cpu or pids controller, v1 is used (this also covers "hybrid"
 * hosts, whose cgroup2 mount has no controllers); otherwise the cgroup2 mount is used.
 */
abstract class CgroupSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupSupport.class);

    /** The limits a cgroup set-up can enforce. Disk is not among them: no cgroup limits disk space. */
    enum Limit {
        MEMORY("memory"),
        CPU("cpu"),
        PIDS("pids");

        final String controller;

        Limit(String controller) {
            this.controller = controller;
        }
    }

    /** "cgroup v1 (memory, cpu, cpuacct, pids) under /sys/fs/cgroup/…/coditect-studio". */
    abstract String description();

    /** The limits this set-up can enforce (when {@link #check()} finds no problem). */
    abstract Set<Limit> enforceable();

    /**
     * Makes sure sandbox groups can be created: creates the parent group and, on v2, enables the
     * controllers on the way down.
     *
     * @return null when usable, else what is wrong and what to do
     */
    abstract String check();

    /** The directories of the parent group, one per hierarchy (they may not exist yet). */
    abstract List<Path> parentDirectories();

    /** Creates the group of one sandbox and applies its limits. */
    abstract Cgroup createSandboxGroup(String name, ResourceLimits limits) throws IOException;

    /** The limits a sandbox asks for (non-zero memory, CPU or pids). */
    static Set<Limit> requested(ResourceLimits limits) {
        Set<Limit> set = EnumSet.noneOf(Limit.class);
        if (limits.memoryBytes() > 0) {
            set.add(Limit.MEMORY);
        }
        if (limits.cpuMillis() > 0) {
            set.add(Limit.CPU);
        }
        if (limits.pids() > 0) {
            set.add(Limit.PIDS);
        }
        return set;
    }

    static CgroupSupport detect(String parent) {
        return detect(Path.of("/proc/self/mountinfo"), parent);
    }

    static CgroupSupport detect(Path mountinfo, String parent) {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", mountinfo, e.toString());
            return unavailable("cannot read " + mountinfo + " to find the cgroup mounts: " + CgroupFiles.describe(e));
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path v2 = null;
        for (String line : lines) {
            Mount m = Mount.parse(line);
            if (m == null) {
                continue;
            }
            if (m.fsType.equals("cgroup")) {
                for (String option : m.superOptions.split(",")) {
                    if (List.of("memory", "cpu", "cpuacct", "pids").contains(option)) {
                        v1.putIfAbsent(option, m.mountPoint);
                    }
                }
            } else if (m.fsType.equals("cgroup2") && v2 == null) {
                v2 = m.mountPoint;
            }
        }
        if (v1.containsKey("memory") || v1.containsKey("cpu") || v1.containsKey("pids")) {
            return new CgroupV1(v1, parent);
        }
        if (v2 != null) {
            return new CgroupV2(v2, parent);
        }
        return unavailable("no cgroup file system is mounted (neither cgroup v2 nor the v1 memory, cpu and pids"
                + " controllers); mount it at /sys/fs/cgroup (systemd hosts do this at boot)");
    }

    static CgroupSupport unavailable(String reason) {
        return new CgroupSupport() {
            @Override
            String description() {
                return "no cgroups";
            }

            @Override
            Set<Limit> enforceable() {
                return EnumSet.noneOf(Limit.class);
            }

            @Override
            List<Path> parentDirectories() {
                return List.of();
            }

            @Override
            String check() {
                return reason;
            }

            @Override
            Cgroup createSandboxGroup(String name, ResourceLimits limits) throws IOException {
                throw new IOException(reason);
            }
        };
    }

    /** One line of /proc/self/mountinfo. */
    record Mount(Path mountPoint, String fsType, String superOptions) {

        static Mount parse(String line) {
            // id parent major:minor root mount-point options [optional fields...] - type source super-options
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (dash < 0 || dash + 1 >= f.length) {
                return null;
            }
            String type = f[dash + 1];
            String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
            return new Mount(Path.of(unescape(f[4])), type, superOptions);
        }

        /** mountinfo writes space, tab, newline and backslash as \ooo. */
        static String unescape(String s) {
            if (s.indexOf('\\') < 0) {
                return s;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length()
                        && s.substring(i + 1, i + 4).chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }

    static List<String> segments(String parent) {
        List<String> list = new ArrayList<>();
        for (String s : parent.split("/")) {
            if (!s.isEmpty()) {
                list.add(s);
            }
        }
        return list;
    }
}
