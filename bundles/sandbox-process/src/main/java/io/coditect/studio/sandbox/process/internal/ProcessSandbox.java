package io.coditect.studio.sandbox.process.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.sandbox.SandboxStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandbox of the process driver: a cgroup carrying the limits (absent when cgroups cannot be used
 * and limits are not required) plus the spec. Nothing runs between commands; each {@link #exec}
 * starts bwrap in a sub-cgroup of its own, so one command's process tree can be killed alone.
 *
 * <p>The disk limit is not enforced: bubblewrap and cgroups have no disk quota, and the workspace is a
 * host folder. Only /tmp, a tmpfs, is sized from it. Use a volume with a quota (or the docker
 * driver) where disk use must be bounded.
 */
final class ProcessSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSandbox.class);

    static final String FILTERED_NOTE = "network policy FILTERED without the studio's egress filter mounted, so the"
            + " sandbox has no network at all (sessions of the studio get the filter)";

    /** The shell that puts itself into the command's cgroups, then becomes bwrap (exec keeps the pid). */
    static final String JOIN_SCRIPT = "n=$1; shift; while [ \"$n\" -gt 0 ]; do"
            + " echo $$ > \"$1\" || { echo \"sandbox-process: cannot move the command into the cgroup $1\" >&2;"
            + " exit 125; }; shift; n=$((n-1)); done; exec \"$@\"";

    private static final long STOP_WAIT_MS = 15_000;

    /** What the sandbox needs from its driver. */
    record Context(String driverId, Path bwrap, boolean tmpfsSize, Path hostRoot, ExecutorService launcher,
            ScheduledExecutorService scheduler, Consumer<ProcessSandbox> onStopped) {
    }

    private final String id;
    private final SandboxSpec spec;
    private final Path workspace;
    private final List<SandboxSpec.Mount> mounts;
    private final Cgroup group;
    private final Context context;

    private final Object lock = new Object();
    private final Set<ProcessExec> running = new LinkedHashSet<>();
    private final AtomicLong execs = new AtomicLong();
    private final AtomicBoolean filteredNoted = new AtomicBoolean();
    private boolean stopped;

    ProcessSandbox(String id, SandboxSpec spec, Path workspace, List<SandboxSpec.Mount> mounts, Cgroup group,
            Context context) {
        this.id = id;
        this.spec = spec;
        this.workspace = workspace;
        this.mounts = List.copyOf(mounts);
        this.group = group;
        this.context = context;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String driverId() {
        return context.driverId();
    }

    @Override
    public Path workspace() {
        return workspace;
    }

    SandboxSpec spec() {
        return spec;
    }

    /** The sandbox's cgroup, or null when it runs without one. */
    Cgroup cgroup() {
        return group;
    }

    @Override
    public ExecHandle exec(ExecRequest request, ExecListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        checkNotStopped();
        if (request.timeout() != null && (request.timeout().isNegative() || request.timeout().isZero())) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC,
                    "timeout " + request.timeout() + " must be positive; use null for no timeout");
        }
        BwrapCommand.checkEnv(request.env(), "command");
        List<String> bwrapArgv = BwrapCommand.forExec(context.bwrap(), context.hostRoot(), spec, workspace, mounts,
                request, context.tmpfsSize());
        String execName = "exec-" + execs.incrementAndGet();
        Cgroup execGroup = null;
        List<String> argv = bwrapArgv;
        if (group != null) {
            try {
                execGroup = group.createChild(execName);
            } catch (IOException e) {
                throw new SandboxException(SandboxException.Kind.FAILED, "cannot create the cgroup of the command in "
                        + group.path() + ": " + e.getMessage(), e);
            }
            argv = joiningCgroups(execGroup.procsFiles(), bwrapArgv);
        }
        String note = spec.network() == NetworkPolicy.FILTERED && !BwrapCommand.hasEgress(spec) && filteredNoted.compareAndSet(false, true)
                ? FILTERED_NOTE : "";
        ProcessExec exec = new ProcessExec(id + "/" + execName, request, listener, execGroup, group,
                spec.limits().memoryBytes(), note, this::ended);
        synchronized (lock) {
            try {
                checkNotStopped();
                exec.start(argv, context.launcher(), context.scheduler());
            } catch (RuntimeException e) {
                if (execGroup != null) {
                    execGroup.remove();
                }
                throw e;
            }
            running.add(exec);
        }
        return exec;
    }

    /** sh writes its pid into each cgroup.procs, then execs bwrap: the command never runs outside. */
    static List<String> joiningCgroups(List<Path> procsFiles, List<String> command) {
        List<String> argv = new ArrayList<>();
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add(JOIN_SCRIPT);
        argv.add("sandbox-join");
        argv.add(Integer.toString(procsFiles.size()));
        procsFiles.forEach(f -> argv.add(f.toString()));
        argv.addAll(command);
        return argv;
    }

    private void checkNotStopped() {
        synchronized (lock) {
            if (stopped) {
                throw new SandboxException(SandboxException.Kind.STOPPED,
                        "sandbox " + id + " is stopped; create a new sandbox to run commands");
            }
        }
    }

    private void ended(ProcessExec exec) {
        synchronized (lock) {
            running.remove(exec);
        }
    }

    @Override
    public SandboxStats stats() {
        long disk = workspaceBytes();
        boolean live;
        synchronized (lock) {
            live = !stopped;
        }
        if (group == null || !live) {
            return new SandboxStats(-1, -1, live ? -1 : 0, disk);
        }
        return new SandboxStats(group.memoryBytes(), group.cpuNanos(), group.pidsCurrent(), disk);
    }

    /** Bytes of the regular files in the workspace (symlinks not followed); -1 when it cannot be read. */
    long workspaceBytes() {
        long[] total = {0};
        int[] unreadable = {0};
        try {
            Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    unreadable[0]++; // files deleted while walking, or unreadable ones; counted below
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("sandbox {}: cannot measure the workspace {}: {}", id, workspace, e.toString());
            return -1;
        }
        if (unreadable[0] > 0) {
            LOG.debug("sandbox {}: {} entries of the workspace could not be read while measuring it", id, unreadable[0]);
        }
        return total[0];
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return !stopped;
        }
    }

    @Override
    public void stop() {
        List<ProcessExec> execsToKill;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            execsToKill = new ArrayList<>(running);
        }
        for (ProcessExec e : execsToKill) {
            e.terminate(ProcessExec.KillReason.STOP);
        }
        Thread me = Thread.currentThread();
        for (ProcessExec e : execsToKill) {
            // stop() called from a listener must not wait for its own command's end
            if (!e.isOwnThread(me) && !e.awaitResult(STOP_WAIT_MS)) {
                LOG.warn("sandbox {}: {} did not end within {} ms of being killed", id, e, STOP_WAIT_MS);
            }
        }
        if (group != null) {
            group.killAll();
            if (!group.remove()) {
                LOG.warn("sandbox {}: its cgroup {} could not be removed completely", id, group.path());
            }
        }
        context.onStopped().accept(this);
        LOG.info("sandbox {} stopped", id);
    }

    @Override
    public String toString() {
        return "process sandbox " + id + " (" + workspace + ")";
    }
}
