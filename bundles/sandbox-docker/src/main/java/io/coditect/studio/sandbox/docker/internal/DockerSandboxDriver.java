package io.coditect.studio.sandbox.docker.internal;

import io.coditect.studio.api.sandbox.Sizes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Version;
import io.coditect.studio.api.Health;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker sandbox driver, without OSGi: each sandbox is a container created through the Docker
 * Engine API (Docker, or Podman's compatible service) with the spec's limits, a read-only root, a
 * writable workspace bind at {@link SandboxSpec#WORKSPACE}, a tmpfs /tmp, no-new-privileges, no
 * capabilities and, by default, no network.
 *
 * <p>Not enforced: the disk limit unless {@code enforceDiskLimit} is on and the storage driver
 * supports a size option; FILTERED gets no network unless a filtered network is configured.
 */
public final class DockerSandboxDriver implements SandboxDriver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxDriver.class);

    public static final String ID = "docker";
    public static final String DISPLAY_NAME = "Docker sandbox (Docker Engine API)";

    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<DockerSandbox> sandboxes = ConcurrentHashMap.newKeySet();

    private volatile DriverSettings settings;
    private volatile DockerClient client;
    private volatile boolean closed;

    public DockerSandboxDriver(DriverSettings settings) {
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "sandbox-docker timeouts");
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        reconfigure(settings);
    }

    /** Takes new settings; running sandboxes keep their container and their client. */
    public synchronized void reconfigure(DriverSettings newSettings) {
        Objects.requireNonNull(newSettings, "settings");
        DockerClient old = client;
        this.settings = newSettings;
        this.client = DockerClients.create(newSettings);
        // running sandboxes keep using the old client (their container lives on that engine), so it
        // is closed only when none is left; otherwise it goes with the garbage
        if (old != null && sandboxes.isEmpty()) {
            closeQuietly(old);
        }
        LOG.info("docker sandbox driver: {} , default image {}, runtime {}, pull policy {}", newSettings.dockerHost(),
                newSettings.defaultImage(), newSettings.runtime().isEmpty() ? "(engine default)"
                        : newSettings.runtime(), newSettings.pullPolicy());
    }

    DriverSettings settings() {
        return settings;
    }

    DockerClient client() {
        return client;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    @Override
    public Health health() {
        if (closed) {
            return Health.down("the docker sandbox driver is stopped");
        }
        DriverSettings s = settings;
        String unreachable = unreachable(s);
        if (unreachable != null) {
            return Health.down(unreachable);
        }
        Version v;
        try {
            v = client.versionCmd().exec();
        } catch (RuntimeException e) {
            return Health.down(cannotReach(s, DockerErrors.describe(e)));
        }
        String engine = engineName(v);
        if (!imagePresent(s.defaultImage()) && s.pullPolicy() == PullPolicy.NEVER) {
            return Health.degraded(engine + " at " + s.dockerHost() + ", but the default image " + s.defaultImage()
                    + " is not there and pullPolicy is 'never': load it (docker/podman pull, load or import) or set"
                    + " defaultImage; sandboxes naming another image work");
        }
        return Health.up(engine + " at " + s.dockerHost() + ", default image " + s.defaultImage()
                + (s.runtime().isEmpty() ? "" : ", runtime " + s.runtime())
                + ". Not enforced: " + (s.enforceDiskLimit() ? "" : "disk limits; ")
                + (s.filteredNetwork().isEmpty() ? "network policy FILTERED gives no network (set filteredNetwork)"
                        : "egress beyond what network " + s.filteredNetwork() + " filters"));
    }

    private static String engineName(Version v) {
        String name = "Docker Engine";
        if (v.getComponents() != null) {
            for (var c : v.getComponents()) {
                if (c.getName() != null && c.getName().toLowerCase(java.util.Locale.ROOT).contains("podman")) {
                    name = "Podman";
                }
            }
        }
        return name + " " + v.getVersion() + " (API " + v.getApiVersion() + ")";
    }

    /** For unix sockets, a fast and precise answer before any connection attempt. */
    private static String unreachable(DriverSettings s) {
        URI uri = URI.create(s.dockerHost());
        if (!"unix".equals(uri.getScheme())) {
            return null;
        }
        Path socket = Path.of(uri.getPath());
        if (!Files.exists(socket)) {
            return cannotReach(s, socket + " does not exist");
        }
        if (!Files.isReadable(socket) || !Files.isWritable(socket)) {
            return cannotReach(s, "the studio's user may not use " + socket + " (add it to the socket's group,"
                    + " e.g. 'docker')");
        }
        return null;
    }

    private static String cannotReach(DriverSettings s, String why) {
        return "cannot reach the Docker API at " + s.dockerHost() + ": " + why + ". Start Docker"
                + " (systemctl start docker) or Podman's service (systemctl enable --now podman.socket, or"
                + " 'podman system service --time=0 unix:///run/podman/podman.sock'), or set dockerHost in"
                + " configuration " + DockerSandboxDriverComponent.PID;
    }

    private boolean imagePresent(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (closed) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "the docker sandbox driver is stopped");
        }
        DriverSettings s = settings;
        DockerClient c = client;
        String unreachable = unreachable(s);
        if (unreachable != null) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, unreachable);
        }
        String image = spec.image() == null || spec.image().isBlank() ? s.defaultImage() : spec.image().trim();
        Path workspace = prepareWorkspace(spec.workspace());
        List<SandboxSpec.Mount> mounts = prepareMounts(spec.mounts());
        String user = s.user().isEmpty() ? ownerOf(workspace) : s.user();
        List<String> env;
        try {
            env = ContainerConfig.environment(spec.env());
        } catch (IllegalArgumentException e) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC, e.getMessage(), e);
        }
        String id = "sbx-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        HostConfig hostConfig = ContainerConfig.hostConfig(spec, workspace, mounts, s);
        String containerId = createContainer(c, s, image, () -> c.createContainerCmd(image)
                .withName("coditect-" + id)
                .withLabels(Map.of(ContainerConfig.LABEL, id))
                .withHostName("sandbox")
                .withEntrypoint(ContainerConfig.KEEP_ALIVE)
                .withCmd(List.of())
                .withEnv(env)
                .withWorkingDir(SandboxSpec.WORKSPACE)
                .withUser(user)
                .withAttachStdin(false).withAttachStdout(false).withAttachStderr(false)
                .withHostConfig(hostConfig));
        try {
            c.startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            removeQuietly(c, containerId);
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot start the container of image " + image
                    + ": " + DockerErrors.describe(e) + hint(DockerErrors.describe(e), s), e);
        }
        if (spec.network() == NetworkPolicy.FILTERED && s.filteredNetwork().isEmpty()) {
            LOG.warn("sandbox {}: network policy FILTERED without a configured filteredNetwork: no network at all", id);
        }
        DockerSandbox.Context context = new DockerSandbox.Context(ID, c, URI.create(s.dockerHost()), scheduler, s.apiTimeout().toMillis(),
                sandboxes::remove);
        DockerSandbox sandbox = new DockerSandbox(id, containerId, spec, workspace, user, context);
        sandboxes.add(sandbox);
        if (closed) {
            sandbox.stop();
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "the docker sandbox driver is stopped");
        }
        LOG.info("sandbox {} created: container {} of {}, workspace {}, user {}, {}, network {}", id,
                DockerSandbox.shortId(containerId), image, workspace, user, describe(spec.limits(), s),
                ContainerConfig.networkMode(spec.network(), s));
        return sandbox;
    }

    /** Engine errors that have a known cure on the hosts the studio runs on. */
    private static String hint(String message, DriverSettings s) {
        if (message.contains("rlimit")) {
            return " (the engine's default ulimits exceed what it may set here: configure ulimits, e.g."
                    + " 'nofile=1024:1024,nproc=4096:4096')";
        }
        if (s.enforceDiskLimit() && message.toLowerCase(java.util.Locale.ROOT).contains("storage")) {
            return " (the storage driver cannot limit disk size: set enforceDiskLimit=false)";
        }
        return "";
    }

    /**
     * Creates the container. The image is not looked up beforehand, which would cost every sandbox
     * one more round trip to the engine before its container is created: only when the engine
     * answers 404 does the driver ask whether the image is what is missing, and then refuses the spec
     * (pullPolicy never) or pulls the image and tries once more.
     */
    private static String createContainer(DockerClient c, DriverSettings s, String image,
            Supplier<CreateContainerCmd> command) {
        try {
            try {
                return command.get().exec().getId();
            } catch (NotFoundException e) {
                if (!ensureImage(c, s, image)) {
                    throw e; // the image is there: something else is missing
                }
                return command.get().exec().getId();
            }
        } catch (DockerException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot create the container of image " + image
                    + ": " + DockerErrors.describe(e) + hint(DockerErrors.describe(e), s), e);
        } catch (SandboxException e) {
            throw e;
        } catch (RuntimeException e) {
            // no answer from the engine (docker-java answers DockerException for every HTTP error)
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, cannotReach(s, DockerErrors.describe(e)), e);
        }
    }

    /** Pulls a missing image when the policy allows it: true when it was pulled, false when it was there. */
    private static boolean ensureImage(DockerClient c, DriverSettings s, String image) {
        try {
            c.inspectImageCmd(image).exec();
            return false;
        } catch (NotFoundException e) {
            if (s.pullPolicy() == PullPolicy.NEVER) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "image " + image + " is not on the"
                        + " engine at " + s.dockerHost() + " and pullPolicy is 'never': load it (docker/podman pull,"
                        + " load or import) or set pullPolicy=if-missing");
            }
        } catch (RuntimeException e) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, cannotReach(s, DockerErrors.describe(e)), e);
        }
        LOG.info("pulling image {} (pullPolicy if-missing)", image);
        try {
            c.pullImageCmd(image).start().awaitCompletion(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Kind.FAILED, "interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "cannot pull image " + image + ": "
                    + DockerErrors.describe(e), e);
        }
        return true;
    }

    static String describe(ResourceLimits l, DriverSettings s) {
        return "cpu " + (l.cpuMillis() == 0 ? "unlimited" : l.cpuMillis() + " millicores")
                + (l.cpuReservedMillis() == 0 ? "" : " (" + l.cpuReservedMillis() + " reserved)")
                + ", memory " + (l.memoryBytes() == 0 ? "unlimited" : Sizes.bytes(l.memoryBytes()))
                + (l.memoryReservedBytes() == 0 ? "" : " (" + Sizes.bytes(l.memoryReservedBytes()) + " reserved)")
                + ", pids " + (l.pids() == 0 ? "unlimited" : Long.toString(l.pids()))
                + ", disk " + (l.diskBytes() == 0 ? "unlimited"
                        : Sizes.bytes(l.diskBytes()) + (s.enforceDiskLimit() ? "" : " (not enforced)"));
    }

    /** uid:gid of the workspace folder, so files written in the sandbox keep its owner. */
    static String ownerOf(Path workspace) {
        try {
            Object uid = Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object gid = Files.getAttribute(workspace, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return uid + ":" + gid;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.debug("cannot read the owner of {}: {}; running as 0:0 without capabilities", workspace, e.toString());
            return "0:0";
        }
    }

    private static Path prepareWorkspace(Path requested) {
        Path ws = requested.toAbsolutePath().normalize();
        try {
            if (!Files.exists(ws)) {
                Files.createDirectories(ws);
            }
            if (!Files.isDirectory(ws)) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "workspace " + ws + " is not a folder");
            }
            return ws.toRealPath();
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "cannot use the workspace folder " + ws
                    + ": " + e, e);
        }
    }

    private static List<SandboxSpec.Mount> prepareMounts(List<SandboxSpec.Mount> mounts) {
        List<SandboxSpec.Mount> prepared = new ArrayList<>();
        for (SandboxSpec.Mount m : mounts) {
            String target = Path.of(m.sandboxPath()).normalize().toString();
            if (target.equals("/") || target.equals("/proc") || target.startsWith("/proc/") || target.equals("/dev")
                    || target.startsWith("/dev/") || target.equals("/sys") || target.startsWith("/sys/")
                    || target.equals(SandboxSpec.WORKSPACE) || target.indexOf(':') >= 0) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "cannot mount over " + target
                        + " in the docker sandbox; choose another sandbox path");
            }
            Path host = m.hostPath().toAbsolutePath().normalize();
            if (!Files.exists(host) || host.toString().indexOf(':') >= 0) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "mount source " + host
                        + " does not exist on the host or contains ':'");
            }
            prepared.add(new SandboxSpec.Mount(host, target, m.readOnly()));
        }
        return prepared;
    }

    private static void removeQuietly(DockerClient c, String containerId) {
        try {
            c.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the failed container {}: {}", containerId, DockerErrors.describe(e));
        }
    }

    private static void closeQuietly(DockerClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the docker client: {}", e.toString());
        }
    }

    /** The sandboxes not stopped yet. */
    Set<DockerSandbox> sandboxes() {
        return Set.copyOf(sandboxes);
    }

    /** Stops every sandbox (removing its container), then the driver's threads and client. */
    @Override
    public void close() {
        closed = true;
        List<DockerSandbox> live = new ArrayList<>(sandboxes);
        if (!live.isEmpty()) {
            LOG.info("docker sandbox driver stopping: removing {} sandboxes", live.size());
        }
        for (DockerSandbox s : live) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                LOG.error("cannot stop sandbox {}", s.id(), e);
            }
        }
        scheduler.shutdownNow();
        closeQuietly(client);
    }
}
