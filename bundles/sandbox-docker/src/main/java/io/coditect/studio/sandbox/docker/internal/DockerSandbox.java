package io.coditect.studio.sandbox.docker.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.sandbox.SandboxStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandbox of the docker driver: one running container whose main process only waits; every
 * {@link #exec} is a Docker exec in it. {@link #stop()} force-removes the container, which kills
 * whatever still runs and drops its /tmp.
 */
final class DockerSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);

    private static final long STOP_WAIT_MS = 15_000;
    private static final Pattern OOM_KILL = Pattern.compile("(?m)^oom_kill\\s+(\\d+)");

    /** Reads the oom_kill counter of the container's memory cgroup (v2, then v1). */
    private static final List<String> READ_OOM_KILLS = List.of("/bin/sh", "-c",
            "cat /sys/fs/cgroup/memory.events 2>/dev/null || cat /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null");

    /** What the sandbox needs from its driver. */
    record Context(String driverId, DockerClient client, URI dockerHost, ScheduledExecutorService scheduler,
            long apiTimeoutMs, Consumer<DockerSandbox> onStopped) {
    }

    private final String id;
    private final String containerId;
    private final SandboxSpec spec;
    private final Path workspace;
    private final String user;
    private final Context context;

    private final Object lock = new Object();
    private final Set<DockerExec> running = new LinkedHashSet<>();
    private final AtomicLong execs = new AtomicLong();
    private long oomKillsSeen;
    private boolean stopped;

    DockerSandbox(String id, String containerId, SandboxSpec spec, Path workspace, String user, Context context) {
        this.id = id;
        this.containerId = containerId;
        this.spec = spec;
        this.workspace = workspace;
        this.user = user;
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

    String containerId() {
        return containerId;
    }

    /** The uid[:gid] commands run as. */
    String user() {
        return user;
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
        String workdir = request.workdir() == null || request.workdir().isBlank() ? SandboxSpec.WORKSPACE
                : request.workdir();
        if (!workdir.startsWith("/")) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "workdir '" + workdir + "' must be absolute");
        }
        String marker = randomHex();
        List<String> env;
        try {
            Map<String, String> e = new LinkedHashMap<>(request.env());
            e.remove(ExecKiller.MARKER_VARIABLE);
            env = new ArrayList<>(ContainerConfig.toList(e));
        } catch (IllegalArgumentException e) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC, e.getMessage(), e);
        }
        env.add(ExecKiller.markerEntry(marker));
        String execName = id + "/exec-" + execs.incrementAndGet();
        synchronized (lock) {
            checkNotStopped();
            String execId;
            try {
                execId = context.client().execCreateCmd(containerId).withCmd(request.command().toArray(String[]::new))
                        .withEnv(env).withWorkingDir(workdir).withUser(user).withAttachStdin(true)
                        .withAttachStdout(true).withAttachStderr(true).withTty(false).exec().getId();
            } catch (NotFoundException e) {
                throw new SandboxException(SandboxException.Kind.STOPPED, "the container of sandbox " + id
                        + " is gone (removed outside the studio?); create a new sandbox", e);
            } catch (RuntimeException e) {
                throw new SandboxException(SandboxException.Kind.FAILED, "cannot start the command in sandbox " + id
                        + ": " + DockerErrors.describe(e), e);
            }
            DockerExec exec = new DockerExec(execName, execId, marker, request, listener, new ExecHost(),
                    this::ended);
            running.add(exec);
            try {
                exec.start();
            } catch (RuntimeException e) {
                running.remove(exec);
                throw new SandboxException(SandboxException.Kind.FAILED, "cannot start the command in sandbox " + id
                        + ": " + DockerErrors.describe(e), e);
            }
            return exec;
        }
    }

    private static String randomHex() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The sandbox's side of a command. */
    private final class ExecHost implements DockerExec.Host {
        @Override
        public DockerClient client() {
            return context.client();
        }

        @Override
        public URI dockerHost() {
            return context.dockerHost();
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return context.scheduler();
        }

        @Override
        public void kill(String marker) {
            runQuietly(ExecKiller.command(marker));
        }

        @Override
        public boolean oomKilledSinceLastAsked() {
            Matcher m = OOM_KILL.matcher(runQuietly(READ_OOM_KILLS));
            if (!m.find()) {
                return false;
            }
            long now = Long.parseLong(m.group(1));
            synchronized (lock) {
                boolean rose = now > oomKillsSeen;
                oomKillsSeen = now;
                return rose;
            }
        }

        @Override
        public long memoryLimit() {
            return spec.limits().memoryBytes();
        }
    }

    /** Runs a helper command of the driver and returns its stdout; "" when it fails. */
    private String runQuietly(List<String> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            String execId = context.client().execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                    .withUser(user).withAttachStdout(true).withAttachStderr(true).exec().getId();
            ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    byte[] p = frame.getPayload();
                    if (p != null) {
                        out.write(p, 0, p.length);
                    }
                }
            };
            context.client().execStartCmd(execId).withDetach(false).exec(cb)
                    .awaitCompletion(context.apiTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("sandbox {}: helper {} failed: {}", id, command.get(0), e.toString());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void checkNotStopped() {
        synchronized (lock) {
            if (stopped) {
                throw new SandboxException(SandboxException.Kind.STOPPED,
                        "sandbox " + id + " is stopped; create a new sandbox to run commands");
            }
        }
    }

    private void ended(DockerExec exec) {
        synchronized (lock) {
            running.remove(exec);
        }
    }

    @Override
    public SandboxStats stats() {
        long disk = workspaceBytes();
        if (!isRunning()) {
            return new SandboxStats(-1, -1, 0, disk);
        }
        return ContainerStats.read(context.client(), containerId, context.apiTimeoutMs(), disk);
    }

    /** Bytes of the regular files in the workspace (symlinks not followed); -1 when it cannot be read. */
    long workspaceBytes() {
        long[] total = {0};
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
                    return FileVisitResult.CONTINUE; // deleted while walking, or unreadable
                }
            });
        } catch (IOException e) {
            LOG.warn("sandbox {}: cannot measure the workspace {}: {}", id, workspace, e.toString());
            return -1;
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
        List<DockerExec> live;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            live = new ArrayList<>(running);
        }
        live.forEach(e -> e.terminate(DockerExec.KillReason.STOP));
        try {
            context.client().removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            LOG.debug("sandbox {}: container {} already gone", id, containerId);
        } catch (RuntimeException e) {
            LOG.warn("sandbox {}: cannot remove its container {}: {}; remove it with 'docker rm -f {}' (or podman)",
                    id, containerId, DockerErrors.describe(e), containerId);
        }
        Thread me = Thread.currentThread();
        for (DockerExec e : live) {
            if (!e.isOwnThread(me) && !e.awaitResult(STOP_WAIT_MS)) {
                LOG.warn("sandbox {}: {} did not end within {} ms of the container's removal", id, e, STOP_WAIT_MS);
            }
        }
        context.onStopped().accept(this);
        LOG.info("sandbox {} stopped (container {} removed)", id, shortId(containerId));
    }

    static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }

    @Override
    public String toString() {
        return "docker sandbox " + id + " (container " + shortId(containerId) + ", " + workspace + ")";
    }
}
