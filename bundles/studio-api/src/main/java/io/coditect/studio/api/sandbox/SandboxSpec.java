package io.coditect.studio.api.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What sandbox to create.
 *
 * @param image     rootfs or image reference; null for the driver's default (the process driver
 *                  then uses the host's read-only system folders)
 * @param workspace host folder mounted writable at {@link #WORKSPACE}
 * @param limits    resource limits
 * @param network   network policy
 * @param mounts    further mounts
 * @param env       environment of every command
 */
public record SandboxSpec(String image, Path workspace, ResourceLimits limits, NetworkPolicy network,
        List<Mount> mounts, Map<String, String> env) {

    /** Where the workspace appears inside the sandbox. */
    public static final String WORKSPACE = "/home/dev";

    /** Where the egress filter's socket is mounted for {@link NetworkPolicy#FILTERED}. */
    public static final String EGRESS_SOCKET = "/run/studio/egress.sock";

    /** The port inside a FILTERED sandbox where the egress proxy answers, on 127.0.0.1. */
    public static final int EGRESS_PROXY_PORT = 3128;

    public SandboxSpec {
        Objects.requireNonNull(workspace, "workspace");
        limits = limits == null ? ResourceLimits.DEFAULT : limits;
        network = network == null ? NetworkPolicy.NONE : network;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static SandboxSpec of(Path workspace, ResourceLimits limits) {
        return new SandboxSpec(null, workspace, limits, NetworkPolicy.NONE, List.of(), Map.of());
    }

    /**
     * A host folder seen inside the sandbox.
     */
    public record Mount(Path hostPath, String sandboxPath, boolean readOnly) {
        public Mount {
            Objects.requireNonNull(hostPath, "hostPath");
            Objects.requireNonNull(sandboxPath, "sandboxPath");
            if (!sandboxPath.startsWith("/")) {
                throw new IllegalArgumentException("sandbox path '" + sandboxPath + "' must be absolute");
            }
        }
    }
}
