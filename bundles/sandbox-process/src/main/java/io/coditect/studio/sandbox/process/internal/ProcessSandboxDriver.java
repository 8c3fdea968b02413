package io.coditect.studio.sandbox.process.internal;

import io.coditect.studio.api.sandbox.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.sandbox.process.internal.CgroupSupport.Limit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process sandbox driver, without OSGi: each sandbox is a cgroup with the spec's limits, and each
 * command runs under bubblewrap in a sub-cgroup of it. The hard limits (CPU, memory, pids) are
 * enforced or, when cgroups cannot, refused ({@link DriverSettings#limitsRequired()}); the reserved
 * CPU and memory become the group's CPU weight and memory protection (v2 cpu.weight, memory.low; v1
 * cpu.shares, memory.soft_limit_in_bytes), which are only logged when they cannot be set.
 *
 * <p>What it isolates: every namespace is new (mount, pid, ipc, uts, network unless
 * {@link NetworkPolicy#HOST}, user and cgroup where the kernel allows); the host's system folders are
 * read-only; the rest of the host's file system is not visible; the environment is clean. What it
 * does not: the disk limit ({@link ResourceLimits#diskBytes()}) is not enforced, only /tmp is sized
 * from it; {@link NetworkPolicy#FILTERED} gives no network at all (egress filtering needs the docker
 * driver).
 *
 * <p>Processes are started on one long-lived launcher thread: bwrap's --die-with-parent uses
 * PR_SET_PDEATHSIG, which fires when the <em>thread</em> that forked bwrap ends, so a command started
 * from a short-lived caller thread would be killed with it. Closing the driver ends that thread, and
 * with it any command still running.
 */
public final class ProcessSandboxDriver implements SandboxDriver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSandboxDriver.class);

    public static final String ID = "process";
    public static final String DISPLAY_NAME = "Process sandbox (bubblewrap)";

    private static final long PROBE_TTL_OK_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long PROBE_TTL_FAILED_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Function<String, CgroupSupport> cgroupDetector;
    private final Path hostRoot = Path.of("/");
    private final ExecutorService launcher;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<ProcessSandbox> sandboxes = ConcurrentHashMap.newKeySet();
    private final Object probeLock = new Object();

    private volatile DriverSettings settings;
    private volatile CgroupSupport cgroups;
    private volatile Bubblewrap.Status bwrap;
    private volatile long bwrapCheckedAt;
    private volatile String lastProblemLogged;
    private volatile boolean closed;

    public ProcessSandboxDriver(DriverSettings settings) {
        this(settings, CgroupSupport::detect);
    }

    /** With a cgroup detector taking the cgroup parent; tests pass fakes. */
    ProcessSandboxDriver(DriverSettings settings, Function<String, CgroupSupport> cgroupDetector) {
        this.cgroupDetector = Objects.requireNonNull(cgroupDetector, "cgroupDetector");
        this.launcher = Executors.newSingleThreadExecutor(r -> daemon(r, "sandbox-process launcher"));
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "sandbox-process timeouts"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        reconfigure(settings);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Takes new settings; running sandboxes keep theirs. */
    public void reconfigure(DriverSettings newSettings) {
        Objects.requireNonNull(newSettings, "settings");
        synchronized (probeLock) {
            this.settings = newSettings;
            this.cgroups = cgroupDetector.apply(newSettings.cgroupParent());
            this.bwrap = null;
        }
        LOG.info("process sandbox driver: bwrapPath '{}', {}, limits required: {}",
                newSettings.bwrapPath().isEmpty() ? "(PATH)" : newSettings.bwrapPath(), cgroups.description(),
                newSettings.limitsRequired());
    }

    DriverSettings settings() {
        return settings;
    }

    CgroupSupport cgroups() {
        return cgroups;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    /** The bwrap probe, cached for a minute when it succeeded and a few seconds when it failed. */
    Bubblewrap.Status bubblewrap() {
        Bubblewrap.Status s = bwrap;
        long now = System.nanoTime();
        if (s != null && now - bwrapCheckedAt < (s.usable() ? PROBE_TTL_OK_NANOS : PROBE_TTL_FAILED_NANOS)) {
            return s;
        }
        synchronized (probeLock) {
            s = bwrap;
            if (s != null && System.nanoTime() - bwrapCheckedAt < (s.usable() ? PROBE_TTL_OK_NANOS
                    : PROBE_TTL_FAILED_NANOS)) {
                return s;
            }
            s = Bubblewrap.probe(settings.bwrapPath());
            bwrap = s;
            bwrapCheckedAt = System.nanoTime();
            if (!s.usable() && !s.problem().equals(lastProblemLogged)) {
                LOG.warn("process sandbox driver unavailable: {}", s.problem());
                lastProblemLogged = s.problem();
            } else if (s.usable() && lastProblemLogged != null) {
                LOG.info("process sandbox driver available again: {} at {}", s.version(), s.executable());
                lastProblemLogged = null;
            }
            return s;
        }
    }

    @Override
    public Health health() {
        if (closed) {
            return Health.down("the process sandbox driver is stopped");
        }
        Bubblewrap.Status b = bubblewrap();
        if (!b.usable()) {
            return Health.down(b.problem());
        }
        DriverSettings s = settings;
        CgroupSupport c = cgroups;
        String problem = c.check();
        if (problem != null) {
            if (s.limitsRequired()) {
                return Health.down("cgroups cannot be used, so sandboxes with CPU, memory or process limits are"
                        + " refused: " + problem + "; or set limitsRequired=false to run them without limits");
            }
            return Health.degraded("cgroups cannot be used: " + problem + "; sandboxes run without CPU, memory"
                    + " and process limits (limitsRequired=false)");
        }
        Set<Limit> missing = EnumSet.allOf(Limit.class);
        missing.removeAll(c.enforceable());
        if (!missing.isEmpty()) {
            return Health.degraded(b.version() + ", " + c.description() + ": " + names(missing)
                    + " limits cannot be enforced (cgroup controller not available); sandboxes asking for them "
                    + (s.limitsRequired() ? "are refused" : "run without them"));
        }
        return Health.up(b.version() + ", " + c.description() + ". Not enforced by this driver: disk limits (only"
                + " /tmp is capped); network policy FILTERED is treated as NONE (egress filtering needs the docker"
                + " driver)");
    }

    private static String names(Set<Limit> limits) {
        List<String> n = new ArrayList<>();
        limits.forEach(l -> n.add(l.name().toLowerCase(Locale.ROOT)));
        return String.join(", ", n);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The disk limit of the spec is not enforced (see the class comment).
     */
    @Override
    public Sandbox create(SandboxSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (closed) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "the process sandbox driver is stopped");
        }
        if (spec.image() != null && !spec.image().isBlank()) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "the process driver does not run images ('"
                    + spec.image() + "'): it uses the host's system folders read-only; leave image empty or use the"
                    + " docker driver");
        }
        Bubblewrap.Status b = bubblewrap();
        if (!b.usable()) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, b.problem());
        }
        Path workspace = prepareWorkspace(spec.workspace());
        List<SandboxSpec.Mount> mounts = prepareMounts(spec.mounts());
        BwrapCommand.checkEnv(spec.env(), "sandbox spec");

        DriverSettings s = settings;
        CgroupSupport c = cgroups;
        String id = "sbx-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Set<Limit> wanted = CgroupSupport.requested(spec.limits());
        Cgroup group = null;
        String problem = c.check();
        if (problem == null) {
            Set<Limit> missing = EnumSet.noneOf(Limit.class);
            missing.addAll(wanted);
            missing.removeAll(c.enforceable());
            if (!missing.isEmpty()) {
                String text = names(missing) + " limits cannot be enforced: " + c.description()
                        + " lacks the controller";
                if (s.limitsRequired()) {
                    throw new SandboxException(SandboxException.Kind.UNAVAILABLE, text + "; enable it, or set"
                            + " limitsRequired=false to run sandboxes without those limits");
                }
                LOG.warn("sandbox {}: {}; running without them (limitsRequired=false)", id, text);
            }
            try {
                group = c.createSandboxGroup(id, spec.limits());
            } catch (IOException e) {
                problem = e.getMessage();
                LOG.debug("sandbox {}: cannot create its cgroup", id, e);
            }
        }
        if (group == null) {
            if (!wanted.isEmpty() && s.limitsRequired()) {
                throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "cannot enforce the sandbox's limits ("
                        + describe(spec.limits()) + ") because cgroups cannot be used: " + problem
                        + "; or set limitsRequired=false to run sandboxes without limits");
            }
            LOG.warn("sandbox {} runs without a cgroup, so without CPU, memory and process limits: {}", id, problem);
        }
        if (spec.network() == NetworkPolicy.FILTERED && !BwrapCommand.hasEgress(spec)) {
            LOG.warn("sandbox {}: {}", id, ProcessSandbox.FILTERED_NOTE);
        } else if (BwrapCommand.hasEgress(spec) && !Files.isExecutable(hostRoot.resolve("usr/bin/socat"))) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "network policy FILTERED needs socat on the"
                    + " host to relay the sandbox's proxy port to the egress filter: install it (apt install socat)");
        }
        if (spec.limits().diskBytes() > 0) {
            LOG.debug("sandbox {}: the disk limit of {} is not enforced by the process driver (only /tmp is capped)",
                    id, Sizes.bytes(spec.limits().diskBytes()));
        }
        ProcessSandbox.Context context = new ProcessSandbox.Context(ID, b.executable(), b.tmpfsSize(), hostRoot,
                launcher, scheduler, sandboxes::remove);
        ProcessSandbox sandbox = new ProcessSandbox(id, spec, workspace, mounts, group, context);
        sandboxes.add(sandbox);
        if (closed) {
            sandbox.stop();
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "the process sandbox driver is stopped");
        }
        LOG.info("sandbox {} created: workspace {}, {}, network {}, cgroup {}", id, workspace, describe(spec.limits()),
                spec.network(), group == null ? "none" : group.path());
        return sandbox;
    }

    static String describe(ResourceLimits l) {
        return "cpu " + (l.cpuMillis() == 0 ? "unlimited" : l.cpuMillis() + " millicores")
                + (l.cpuReservedMillis() == 0 ? "" : " (" + l.cpuReservedMillis() + " reserved)")
                + ", memory " + (l.memoryBytes() == 0 ? "unlimited" : Sizes.bytes(l.memoryBytes()))
                + (l.memoryReservedBytes() == 0 ? "" : " (" + Sizes.bytes(l.memoryReservedBytes()) + " reserved)")
                + ", pids " + (l.pids() == 0 ? "unlimited" : Long.toString(l.pids()))
                + ", disk " + (l.diskBytes() == 0 ? "unlimited" : Sizes.bytes(l.diskBytes()) + " (not enforced)");
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
                    + ": " + CgroupFiles.describe(e), e);
        }
    }

    private static List<SandboxSpec.Mount> prepareMounts(List<SandboxSpec.Mount> mounts) {
        List<SandboxSpec.Mount> prepared = new ArrayList<>();
        for (SandboxSpec.Mount m : mounts) {
            String target = BwrapCommand.normaliseSandboxPath(m.sandboxPath(), "mount target");
            if (target.equals("/") || target.equals("/proc") || target.startsWith("/proc/") || target.equals("/dev")
                    || target.startsWith("/dev/") || target.equals(SandboxSpec.WORKSPACE)) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "cannot mount over " + target
                        + " in the process sandbox; choose another sandbox path");
            }
            Path host = m.hostPath().toAbsolutePath().normalize();
            if (!Files.exists(host)) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "mount source " + host
                        + " does not exist on the host");
            }
            try {
                prepared.add(new SandboxSpec.Mount(host.toRealPath(), target, m.readOnly()));
            } catch (IOException e) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "cannot use the mount source " + host
                        + ": " + CgroupFiles.describe(e), e);
            }
        }
        return prepared;
    }

    /** The sandboxes not stopped yet. */
    Set<ProcessSandbox> sandboxes() {
        return Set.copyOf(sandboxes);
    }

    /** Stops every sandbox and the driver's threads. */
    @Override
    public void close() {
        closed = true;
        List<ProcessSandbox> live = new ArrayList<>(sandboxes);
        if (!live.isEmpty()) {
            LOG.info("process sandbox driver stopping: stopping {} sandboxes", live.size());
        }
        for (ProcessSandbox s : live) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                LOG.error("cannot stop sandbox {}", s.id(), e);
            }
        }
        scheduler.shutdownNow();
        launcher.shutdownNow();
    }
}
