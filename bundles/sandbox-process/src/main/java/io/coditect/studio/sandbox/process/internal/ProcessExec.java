package io.coditect.studio.sandbox.process.internal;

import io.coditect.studio.api.sandbox.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ExecResult.Termination;
import io.coditect.studio.api.sandbox.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running command: the host process (bwrap, after a shell that put itself into the command's
 * cgroup), two threads that pass stdout and stderr to the listener chunk by chunk, and a thread that
 * waits for the end, kills what is left, and reports exactly one {@link ExecResult}.
 */
final class ProcessExec implements ExecHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessExec.class);

    /** Why the driver killed the command. */
    enum KillReason {
        TIMEOUT,
        CANCEL,
        STOP
    }

    private static final int CHUNK = 8192;
    private static final long READER_JOIN_MS = 10_000;

    private final String name;
    private final ExecRequest request;
    private final ExecListener listener;
    /** The command's own cgroup (a child of the sandbox's), or null without cgroups. */
    private final Cgroup group;
    /** The sandbox's cgroup, carrying the limits, or null. */
    private final Cgroup sandboxGroup;
    private final long memoryLimit;
    private final String note;
    private final Consumer<ProcessExec> onEnd;

    private final Object listenerLock = new Object();
    private final AtomicReference<KillReason> killReason = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();

    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile ScheduledFuture<?> timeoutTask;
    private volatile Thread waiter;
    private volatile Thread stdoutReader;
    private volatile Thread stderrReader;
    private long startNanos;
    private long failCountAtStart = -1;
    private boolean listenerFailureLogged;

    ProcessExec(String name, ExecRequest request, ExecListener listener, Cgroup group, Cgroup sandboxGroup,
            long memoryLimit, String note, Consumer<ProcessExec> onEnd) {
        this.name = name;
        this.request = request;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.group = group;
        this.sandboxGroup = sandboxGroup;
        this.memoryLimit = memoryLimit;
        this.note = note == null ? "" : note;
        this.onEnd = onEnd;
    }

    String name() {
        return name;
    }

    /**
     * Starts the process on the launcher thread (see {@link ProcessSandboxDriver}: bwrap's
     * --die-with-parent follows the thread that forked it), then the reader and waiter threads.
     */
    void start(List<String> argv, ExecutorService launcher, ScheduledExecutorService scheduler) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        // bwrap gets a clean environment too; the command's own comes from --clearenv/--setenv
        pb.environment().clear();
        pb.environment().put("PATH", BwrapCommand.PATH);
        if (sandboxGroup != null) {
            failCountAtStart = sandboxGroup.memoryFailCount();
        }
        Process p;
        try {
            Future<Process> started = launcher.submit(pb::start);
            p = started.get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            throw new SandboxException(SandboxException.Kind.STOPPED, "the process sandbox driver is stopped", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new SandboxException(SandboxException.Kind.FAILED, "cannot start " + argv.get(0) + ": "
                    + cause.getMessage() + "; check that it exists and is executable (bwrapPath)", cause);
        } catch (TimeoutException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, "starting the command took longer than 30 s;"
                    + " the host is overloaded", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Kind.FAILED, "interrupted while starting the command", e);
        }
        startNanos = System.nanoTime();
        process = p;
        stdin = new Stdin(p.getOutputStream());
        Thread out = thread("stdout", () -> pump(p.getInputStream(), ExecListener.Stream.STDOUT));
        Thread err = thread("stderr", () -> pump(p.getErrorStream(), ExecListener.Stream.STDERR));
        stdoutReader = out;
        stderrReader = err;
        out.start();
        err.start();
        Duration timeout = request.timeout();
        if (timeout != null) {
            try {
                timeoutTask = scheduler.schedule(() -> terminate(KillReason.TIMEOUT), timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.warn("{}: cannot schedule the timeout, the driver is stopping; killing the command", name);
                terminate(KillReason.STOP);
            }
        }
        Thread w = thread("wait", () -> awaitEnd(p, out, err));
        waiter = w;
        w.start();
        LOG.debug("{}: started pid {}: {}", name, p.pid(), request.command());
    }

    private Thread thread(String what, Runnable body) {
        Thread t = new Thread(body, "sandbox-process " + name + " " + what);
        t.setDaemon(true);
        return t;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public void cancel() {
        terminate(KillReason.CANCEL);
    }

    @Override
    public CompletionStage<ExecResult> result() {
        return result;
    }

    /** Whether t is one of the threads of this command (they call the listener). */
    boolean isOwnThread(Thread t) {
        return waiter == t || stdoutReader == t || stderrReader == t;
    }

    /** Waits until the result was reported; false when it was not within the time. */
    boolean awaitResult(long millis) {
        try {
            result.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return result.isDone();
        }
    }

    /** Kills the whole process tree, unless the command already ended. The first reason wins. */
    void terminate(KillReason reason) {
        if (ended.get()) {
            return;
        }
        if (killReason.compareAndSet(null, reason)) {
            LOG.info("{}: killing the command ({})", name, reason.name().toLowerCase(java.util.Locale.ROOT));
        }
        killTree();
    }

    private void killTree() {
        Process p = process;
        if (p == null) {
            return;
        }
        // host-side view of the tree, for when there is no cgroup; bwrap's pid namespace ends with it anyway
        List<ProcessHandle> descendants = p.descendants().toList();
        if (group != null) {
            group.killAll();
        }
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void pump(InputStream in, ExecListener.Stream stream) {
        byte[] buf = new byte[CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    deliver(stream, Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            if (ended.get()) {
                LOG.debug("{}: {} closed: {}", name, stream, e.toString());
            } else {
                LOG.warn("{}: reading {} failed; the rest of it is lost", name, stream, e);
            }
        }
    }

    private void deliver(ExecListener.Stream stream, byte[] chunk) {
        synchronized (listenerLock) {
            try {
                listener.onOutput(stream, chunk);
            } catch (RuntimeException e) {
                // keep reading, or the command would block on a full pipe
                if (!listenerFailureLogged) {
                    listenerFailureLogged = true;
                    LOG.warn("{}: the listener failed on output; further failures of it are not logged", name, e);
                }
            }
        }
    }

    private void awaitEnd(Process p, Thread out, Thread err) {
        ExecResult r = null;
        Duration duration = Duration.ZERO;
        try {
            int code = waitFor(p);
            duration = Duration.ofNanos(System.nanoTime() - startNanos);
            ended.set(true);
            ScheduledFuture<?> t = timeoutTask;
            if (t != null) {
                t.cancel(false);
            }
            // bwrap's pid namespace took the command's children down with it; this is for anything else
            if (group != null && !group.pids().isEmpty()) {
                LOG.debug("{}: killing processes left behind", name);
                group.killAll();
            }
            joinReaders(p, out, err);
            r = resultOf(code, duration);
        } catch (RuntimeException | Error e) {
            LOG.error("{}: internal error while finishing the command", name, e);
            r = new ExecResult(-1, Termination.KILLED, duration,
                    "internal error of the process sandbox driver: " + e + " (see the studio log)");
        } finally {
            if (r == null) {
                r = new ExecResult(-1, Termination.KILLED, duration, "internal error of the process sandbox driver");
            }
            if (group != null) {
                group.remove(); // logs what it cannot remove
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
    }

    private int waitFor(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    // only the driver's shutdown interrupts; the command must still be reaped
                    interrupted = true;
                    terminate(KillReason.STOP);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void joinReaders(Process p, Thread out, Thread err) {
        try {
            out.join(READER_JOIN_MS);
            err.join(READER_JOIN_MS);
            if (out.isAlive() || err.isAlive()) {
                // some process outside the cgroup still holds the pipes: stop reading
                LOG.warn("{}: output still open {} ms after the command ended; closing it", name, READER_JOIN_MS);
                closeQuietly(p.getInputStream());
                closeQuietly(p.getErrorStream());
                out.join(READER_JOIN_MS);
                err.join(READER_JOIN_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while collecting the last output", name);
        }
    }

    private void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("{}: closing output: {}", name, e.toString());
        }
    }

    private ExecResult resultOf(int code, Duration duration) {
        KillReason reason = killReason.get();
        int signal = Signals.fromExitCode(code);
        Termination termination;
        String message;
        if (reason == KillReason.TIMEOUT) {
            termination = Termination.TIMED_OUT;
            message = "killed: timeout of " + Sizes.duration(request.timeout()) + " exceeded";
        } else if (reason == KillReason.CANCEL) {
            termination = Termination.CANCELLED;
            message = "killed: cancelled";
        } else if (reason == KillReason.STOP) {
            termination = Termination.KILLED;
            message = "killed: the sandbox was stopped";
        } else {
            boolean oom = oomKilled(signal);
            String oomText = memoryLimit > 0
                    ? "memory limit of " + Sizes.bytes(memoryLimit) + " exceeded"
                    : "the host ran out of memory";
            if (oom && code != 0) {
                termination = Termination.OUT_OF_MEMORY;
                message = "killed: " + oomText;
            } else if (signal != 0) {
                termination = Termination.KILLED;
                message = "killed by signal " + signal + " (" + Signals.name(signal) + ")";
            } else {
                termination = Termination.EXITED;
                message = code == 0 ? "" : "exited with code " + code;
                if (oom) {
                    message = (message.isEmpty() ? "" : message + "; ") + "a process of the command was killed: "
                            + oomText;
                }
            }
        }
        if (!note.isEmpty()) {
            message = message.isEmpty() ? note : message + "; " + note;
        }
        return new ExecResult(code, termination, duration, message);
    }

    /**
     * Whether the OOM killer killed a process of this command: its cgroup's oom_kill counter, or,
     * when the kernel has none, a SIGKILL while the sandbox's memory limit was being hit.
     */
    private boolean oomKilled(int signal) {
        if (group == null) {
            return false;
        }
        long kills = group.oomKills();
        if (kills >= 0) {
            return kills > 0;
        }
        if (signal != Signals.SIGKILL || sandboxGroup == null || failCountAtStart < 0) {
            return false;
        }
        return sandboxGroup.memoryFailCount() > failCountAtStart;
    }

    @Override
    public String toString() {
        return name + " " + request.command();
    }

    /** Unbuffered: what the caller writes reaches the command at once. */
    private static final class Stdin extends OutputStream {

        private final OutputStream out;

        Stdin(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            out.flush();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
