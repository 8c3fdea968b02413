package io.coditect.studio.core.internal.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A scheduler that runs nothing by itself: {@link #runDue()} runs what is due on the test's thread
 * and {@link #advance(Duration)} moves the clock through the waiting tasks in order, so tests see
 * every delay the router chose without waiting for it.
 */
final class ManualScheduler implements Scheduler {

    record Task(long dueAt, long delayMillis, long seq, FutureTask<Void> future) {
    }

    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private long seq;
    private boolean stopped;

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, long delayMillis) {
        if (stopped) {
            throw new RejectedExecutionException("stopped");
        }
        FutureTask<Void> f = new FutureTask<>(task, null);
        tasks.add(new Task(clock.millis() + delayMillis, delayMillis, seq++, f));
        delays.add(delayMillis);
        return f;
    }

    synchronized void stop() {
        stopped = true;
    }

    /** Delays of every task scheduled so far, in order. */
    synchronized List<Long> delays() {
        return List.copyOf(delays);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized int waiting() {
        return (int) tasks.stream().filter(t -> !t.future().isDone()).count();
    }

    /** Runs every task due now, including those they schedule for now. */
    void runDue() {
        for (Task t = nextDue(clock.millis()); t != null; t = nextDue(clock.millis())) {
            t.future().run();
        }
    }

    /** Moves the clock forward by {@code d}, running each task when its time comes. */
    void advance(Duration d) {
        long end = clock.millis() + d.toMillis();
        runDue();
        for (Task t = nextDue(end); t != null; t = nextDue(end)) {
            if (t.dueAt() > clock.millis()) {
                clock.advance(Duration.ofMillis(t.dueAt() - clock.millis()));
            }
            t.future().run();
        }
        if (end > clock.millis()) {
            clock.advance(Duration.ofMillis(end - clock.millis()));
        }
    }

    private synchronized Task nextDue(long until) {
        tasks.removeIf(t -> t.future().isDone());
        Task next = tasks.stream().filter(t -> t.dueAt() <= until)
                .min(Comparator.comparingLong(Task::dueAt).thenComparingLong(Task::seq)).orElse(null);
        if (next != null) {
            tasks.remove(next);
        }
        return next;
    }
}
