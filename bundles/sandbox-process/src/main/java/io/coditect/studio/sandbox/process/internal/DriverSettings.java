package io.coditect.studio.sandbox.process.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The driver's configuration as a plain value, so tests can build it without OSGi.
 *
 * @param bwrapPath      the bwrap executable; empty to search the PATH
 * @param cgroupParent   cgroup under which sandbox cgroups are created, relative to the root of
 *                       each hierarchy, without leading or trailing '/'
 * @param limitsRequired whether a sandbox whose limits cannot be enforced is refused
 */
public record DriverSettings(String bwrapPath, String cgroupParent, boolean limitsRequired) {

    public static final String DEFAULT_CGROUP_PARENT = "coditect-studio";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    public DriverSettings {
        bwrapPath = bwrapPath == null ? "" : bwrapPath.trim();
        cgroupParent = normaliseCgroupParent(cgroupParent);
    }

    public static DriverSettings defaults() {
        return new DriverSettings("", DEFAULT_CGROUP_PARENT, true);
    }

    public static DriverSettings from(ProcessSandboxConfig config) {
        Objects.requireNonNull(config, "config");
        return new DriverSettings(config.bwrapPath(), config.cgroupParent(), config.limitsRequired());
    }

    public DriverSettings withBwrapPath(String path) {
        return new DriverSettings(path, cgroupParent, limitsRequired);
    }

    public DriverSettings withCgroupParent(String parent) {
        return new DriverSettings(bwrapPath, parent, limitsRequired);
    }

    public DriverSettings withLimitsRequired(boolean required) {
        return new DriverSettings(bwrapPath, cgroupParent, required);
    }

    static String normaliseCgroupParent(String value) {
        String v = value == null ? "" : value.trim();
        while (v.startsWith("/")) {
            v = v.substring(1);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty()) {
            return DEFAULT_CGROUP_PARENT;
        }
        for (String segment : v.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("cgroupParent '" + value + "' is not a valid cgroup name:"
                        + " use letters, digits, '.', '_' and '-', with '/' between levels (for example '"
                        + DEFAULT_CGROUP_PARENT + "')");
            }
        }
        return v;
    }
}
