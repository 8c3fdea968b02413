package io.coditect.studio.sandbox.docker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the docker sandbox driver, PID {@value DockerSandboxDriverComponent#PID}. Every
 * property is optional.
 */
@ObjectClassDefinition(id = DockerSandboxDriverComponent.PID, name = "Docker sandbox (Docker Engine API)",
        description = "Runs each sandbox as a container through the Docker Engine API of Docker or of"
                + " Podman's Docker-compatible service.")
public @interface DockerSandboxConfig {

    @AttributeDefinition(name = "Docker host",
            description = "Where the Docker Engine API listens: unix:///var/run/docker.sock (Docker),"
                    + " unix:///run/podman/podman.sock (Podman as root), or tcp://host:2375.",
            required = false)
    String dockerHost() default DriverSettings.DEFAULT_DOCKER_HOST;

    @AttributeDefinition(name = "default image",
            description = "Image of sandboxes whose spec names none. It needs /bin/sh and grep"
                    + " (Debian, Ubuntu, Alpine and busybox images have them).",
            required = false)
    String defaultImage() default DriverSettings.DEFAULT_IMAGE;

    @AttributeDefinition(name = "OCI runtime",
            description = "Runtime of the containers, e.g. 'runc', 'crun', or 'runsc' for gVisor (a"
                    + " user-space kernel: VM-grade isolation); empty for the engine's default.",
            required = false)
    String runtime() default "";

    @AttributeDefinition(name = "user",
            description = "uid[:gid] the commands run as; empty for the owner of the workspace folder"
                    + " (so files written in the sandbox belong to whoever owns the workspace).",
            required = false)
    String user() default "";

    @AttributeDefinition(name = "network for FILTERED",
            description = "Docker network of sandboxes whose policy is FILTERED, set up by the admin"
                    + " so that its only way out is the egress filter; empty: FILTERED sandboxes get"
                    + " no network at all.",
            required = false)
    String filteredNetwork() default "";

    @AttributeDefinition(name = "pull policy",
            description = "What to do when the image is not on the engine: 'never' fails with a"
                    + " message, 'if-missing' pulls it from its registry.",
            options = {@Option(label = "never", value = "never"), @Option(label = "if missing", value = "if-missing")},
            required = false)
    String pullPolicy() default "never";

    @AttributeDefinition(name = "enforce disk limit",
            description = "Pass the disk limit as the storage option 'size'. Only some storage drivers"
                    + " support it (overlay on XFS with pquota, btrfs, zfs); others refuse the"
                    + " container, so it is off by default and the disk limit is then not enforced.",
            required = false)
    boolean enforceDiskLimit() default false;

    @AttributeDefinition(name = "ulimits",
            description = "Resource limits of the container's processes, e.g."
                    + " 'nofile=1024:1024,nproc=4096:4096'; empty for the engine's defaults. Podman"
                    + " run where its own limits are lower than its defaults needs them.",
            required = false)
    String ulimits() default "";

    @AttributeDefinition(name = "API timeout (seconds)",
            description = "Longest wait for one Docker API call (not for commands, which have"
                    + " their own timeout).",
            required = false)
    int apiTimeoutSeconds() default 60;
}
