package io.coditect.studio.sandbox.process.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecResult;

/** An ExecListener that records everything, for the sandbox drivers' tests (shared through a test-jar). */
public final class Recorder implements ExecListener {

    /** Generous: only there so that a broken test fails instead of hanging. */
    public static final long WAIT_SECONDS = 60;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final AtomicInteger exits = new AtomicInteger();
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile ExecResult result;
    private volatile boolean outputAfterExit;

    @Override
    public synchronized void onOutput(Stream stream, byte[] chunk) {
        if (exits.get() > 0) {
            outputAfterExit = true;
        }
        (stream == Stream.STDOUT ? stdout : stderr).write(chunk, 0, chunk.length);
        events.add(stream + ":" + new String(chunk, StandardCharsets.UTF_8));
        notifyAll();
    }

    @Override
    public synchronized void onExit(ExecResult r) {
        result = r;
        exits.incrementAndGet();
        events.add("exit:" + r.termination());
        exited.countDown();
        notifyAll();
    }

    public synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    public synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    public int exitCalls() {
        return exits.get();
    }

    public boolean outputAfterExit() {
        return outputAfterExit;
    }

    /** Waits until stdout contains the text; fails after {@link #WAIT_SECONDS}. */
    public synchronized void awaitStdout(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!stdout().contains(text)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || exits.get() > 0) {
                throw new AssertionError("stdout never contained '" + text + "'; stdout: " + stdout() + " stderr: "
                        + stderr() + " result: " + result);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** Waits for onExit; for commands already awaited. */
    public ExecResult result() throws InterruptedException {
        if (!exited.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the command did not end; stdout: " + stdout() + " stderr: " + stderr());
        }
        return result;
    }

    /** Waits for onExit and for the handle's result, and checks they agree. */
    public ExecResult await(ExecHandle handle) throws Exception {
        if (!exited.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the command did not end; stdout: " + stdout() + " stderr: " + stderr());
        }
        ExecResult r = handle.result().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (r != result) {
            throw new AssertionError("result() " + r + " differs from onExit " + result);
        }
        return r;
    }
}
