package io.coditect.studio.sandbox.docker.internal;

import io.coditect.studio.api.sandbox.Sizes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ExecResult.Termination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command: a Docker exec whose stdout and stderr arrive as frames on its attached connection
 * ({@link ExecAttachment}), read by one thread of its own, and whose exit code is read with "exec
 * inspect" once the connection ends. Reports exactly one {@link ExecResult}.
 */
final class DockerExec implements ExecHandle {

    private static final Logger LOG = LoggerFactory.getLogger(DockerExec.class);

    /** Why the driver ended the command. */
    enum KillReason {
        TIMEOUT,
        CANCEL,
        STOP
    }

    /** How long to wait for a killed command's connection to end before giving up on it. */
    private static final long KILL_GRACE_MS = 10_000;

    /** What the command needs from its sandbox. */
    interface Host {
        DockerClient client();

        URI dockerHost();

        ScheduledExecutorService scheduler();

        /** Runs the killer for this marker in the container; returns when it ended. */
        void kill(String marker);

        /**
         * Whether the OOM killer killed a process of the container since this was last asked (the
         * cgroup's oom_kill counter rose). Asked only after a SIGKILL, so commands pay nothing.
         */
        boolean oomKilledSinceLastAsked();

        long memoryLimit();
    }

    private final String name;
    private final String execId;
    private final String marker;
    private final ExecRequest request;
    private final ExecListener listener;
    private final Host host;
    private final Consumer<DockerExec> onEnd;

    private final AtomicReference<KillReason> killReason = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final Object listenerLock = new Object();

    private volatile ExecAttachment attachment;
    private volatile Thread reader;
    private volatile ScheduledFuture<?> timeoutTask;
    private volatile long startNanos;
    private boolean listenerFailureLogged;

    DockerExec(String name, String execId, String marker, ExecRequest request, ExecListener listener, Host host,
            Consumer<DockerExec> onEnd) {
        this.name = name;
        this.execId = execId;
        this.marker = marker;
        this.request = request;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.host = host;
        this.onEnd = onEnd;
    }

    /** Attaches to the created exec, which starts it; output then flows to the listener. */
    void start() {
        startNanos = System.nanoTime();
        ExecAttachment a;
        try {
            a = ExecAttachment.start(host.dockerHost(), DockerClients.API_VERSION, execId);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        attachment = a;
        Thread reader = new Thread(() -> {
            Throwable failure = null;
            try {
                a.readFrames(this::deliver);
            } catch (IOException | RuntimeException e) {
                failure = e;
                LOG.debug("{}: attached connection failed: {}", name, e.toString());
            } finally {
                a.close();
                finish(failure);
            }
        }, "sandbox-docker " + name);
        reader.setDaemon(true);
        this.reader = reader;
        reader.start();
        if (request.timeout() != null) {
            timeoutTask = host.scheduler().schedule(() -> terminate(KillReason.TIMEOUT),
                    request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(int streamType, byte[] payload) {
        if (payload.length == 0) {
            return;
        }
        ExecListener.Stream stream = streamType == 2 ? ExecListener.Stream.STDERR : ExecListener.Stream.STDOUT;
        synchronized (listenerLock) {
            if (ended.get()) {
                return;
            }
            try {
                listener.onOutput(stream, payload);
            } catch (RuntimeException e) {
                if (!listenerFailureLogged) {
                    listenerFailureLogged = true;
                    LOG.warn("{}: the listener failed on output; the command goes on", name, e);
                }
            }
        }
    }

    @Override
    public OutputStream stdin() {
        ExecAttachment a = attachment;
        return a == null ? OutputStream.nullOutputStream() : a.stdin();
    }

    @Override
    public void cancel() {
        terminate(KillReason.CANCEL);
    }

    @Override
    public CompletionStage<ExecResult> result() {
        return result;
    }

    /** Whether t delivers this command's output (a listener calling stop() must not wait for itself). */
    boolean isOwnThread(Thread t) {
        return reader == t;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Kills the command's processes; its connection then ends, which reports the result. */
    void terminate(KillReason reason) {
        if (ended.get() || !killReason.compareAndSet(null, reason)) {
            return;
        }
        LOG.debug("{}: killing it ({})", name, reason);
        if (reason != KillReason.STOP) {
            try {
                host.kill(marker);
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot kill it inside the container: {}", name, e.toString());
            }
        }
        // a process that escaped the killer may hold the connection open: do not wait forever
        host.scheduler().schedule(() -> {
            if (!ended.get()) {
                LOG.warn("{}: still attached {} ms after being killed; detaching", name, KILL_GRACE_MS);
                closeAttachment();
                finish(null);
            }
        }, KILL_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** Waits for the result; false when it did not come in time. */
    boolean awaitResult(long millis) {
        try {
            result.toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    private void closeAttachment() {
        ExecAttachment a = attachment;
        if (a != null) {
            a.close();
        }
    }

    private void finish(Throwable failure) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> t = timeoutTask;
        if (t != null) {
            t.cancel(false);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        ExecResult r;
        try {
            r = resultOf(exitCode(), duration, failure);
        } catch (RuntimeException e) {
            LOG.error("{}: cannot tell how it ended", name, e);
            r = new ExecResult(-1, Termination.KILLED, duration, "internal error of the docker sandbox driver: " + e
                    + " (see the studio log)");
        }
        synchronized (listenerLock) {
            try {
                listener.onExit(r);
            } catch (RuntimeException e) {
                LOG.warn("{}: the listener failed on exit", name, e);
            }
        }
        result.complete(r);
        LOG.debug("{}: ended: {}", name, r);
        onEnd.accept(this);
    }

    /**
     * The exit code from "exec inspect"; -1 when it cannot be read (the container is gone). The
     * engine may report the exec as running for a moment after its connection ended.
     */
    private int exitCode() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            InspectExecResponse r;
            try {
                r = host.client().inspectExecCmd(execId).exec();
            } catch (RuntimeException e) {
                LOG.debug("{}: cannot inspect it: {}", name, e.toString());
                return -1;
            }
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                return r.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    private ExecResult resultOf(int code, Duration duration, Throwable failure) {
        KillReason reason = killReason.get();
        if (reason == KillReason.TIMEOUT) {
            return new ExecResult(code, Termination.TIMED_OUT, duration, "killed: timeout of "
                    + Sizes.duration(request.timeout()) + " exceeded");
        }
        if (reason == KillReason.CANCEL) {
            return new ExecResult(code, Termination.CANCELLED, duration, "killed: cancelled");
        }
        if (reason == KillReason.STOP) {
            return new ExecResult(code, Termination.KILLED, duration, "killed: the sandbox was stopped");
        }
        if (code == 126 || code == 127) {
            return new ExecResult(code, Termination.EXITED, duration, "exited with code " + code + " (the command"
                    + " was not found or cannot be executed in the image)");
        }
        if (code < 0) {
            String why = failure == null ? "" : ": " + failure.getMessage();
            return new ExecResult(code, Termination.KILLED, duration, "the connection to the command was lost" + why);
        }
        if (code == 137 && host.memoryLimit() > 0 && host.oomKilledSinceLastAsked()) {
            return new ExecResult(code, Termination.OUT_OF_MEMORY, duration, "killed: memory limit of "
                    + Sizes.bytes(host.memoryLimit()) + " exceeded");
        }
        if (code > 128 && code < 160) {
            int signal = code - 128;
            return new ExecResult(code, Termination.KILLED, duration, "killed by signal " + signal);
        }
        return new ExecResult(code, Termination.EXITED, duration, code == 0 ? "" : "exited with code " + code);
    }

    @Override
    public String toString() {
        return name + " " + request.command();
    }
}
