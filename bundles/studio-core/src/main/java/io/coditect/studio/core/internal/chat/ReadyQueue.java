package io.coditect.studio.core.internal.chat;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the tasks handed to it on at most {@code parallelism} tasks of an executor, each of which runs
 * ready tasks until none is left. An event for 1,000 subscribers is then a few executor hand-offs
 * instead of 1,000 (each waking a pool thread through the pool's lock): that hand-off was the
 * largest single cost of a fan-out.
 */
final class ReadyQueue {

    private final Executor executor;
    private final int parallelism;
    private final Queue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger draining = new AtomicInteger();
    private final Runnable drain = this::drain;

    ReadyQueue(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /** Runs {@code task} soon, on the executor; never blocks. */
    void execute(Runnable task) {
        ready.add(task);
        if (claim()) {
            try {
                executor.execute(drain);
            } catch (RuntimeException e) {
                draining.decrementAndGet();
                throw e;
            }
        }
    }

    private boolean claim() {
        for (int n = draining.get(); n < parallelism; n = draining.get()) {
            if (draining.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private void drain() {
        do {
            for (Runnable task; (task = ready.poll()) != null;) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // a task's failure is its own business; the others still run
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
            }
            draining.decrementAndGet();
            // a task added after the last poll, by someone who saw every drainer busy, is ours
        } while (!ready.isEmpty() && claim());
    }
}
