package io.coditect.studio.core.internal.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageStore;
import io.coditect.studio.api.usage.UsageTotal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends usage records to the {@link UsageStore} on a thread of its own, so no stream ever waits
 * for the database, and loads the spending windows' first totals on that same thread.
 *
 * <p>Why one thread does both: a load reads the store and adds what is still queued, and a record is
 * either queued or written when that happens, never on its way, so nothing is counted twice or
 * missed. Records wait in a bounded queue while the store is slow or absent; beyond its capacity they
 * are dropped with an error in the log (the totals in memory still count them). A store that fails is
 * retried with backoff; one that leaves first receives what is queued; closing writes what is left.
 */
final class UsageWriter implements UsageJournal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);

    static final int CAPACITY = 10_000;
    /** How long leaving and closing wait for the queue to reach the store. */
    static final Duration FLUSH_WAIT = Duration.ofSeconds(5);
    private static final int BATCH = 256;
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** Work arrived: a record, a load, a store, or the end. */
    private final Condition work = lock.newCondition();
    /** A backoff may end early: the end, or the store changed. */
    private final Condition wake = lock.newCondition();
    /** Nothing is queued or under way. */
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<UsageRecord> queue = new ArrayDeque<>();
    private final ArrayDeque<SpendWindow> loads = new ArrayDeque<>();
    private final Thread thread;
    private UsageStore store;
    private boolean busy;
    private boolean closing;
    private long dropped;
    private long backoffMillis;

    UsageWriter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the usage queue needs room for at least one record");
        }
        this.capacity = capacity;
        this.thread = new Thread(this::run, "studio-usage-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes to {@code s} from now on. */
    void attach(UsageStore s) {
        lock.lock();
        try {
            store = s;
            work.signalAll();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops writing to {@code s}, after handing it what is queued (for at most {@link #FLUSH_WAIT}). */
    void detach(UsageStore s) {
        lock.lock();
        try {
            if (store != s) {
                return;
            }
            awaitIdle(FLUSH_WAIT);
            store = null;
            if (!queue.isEmpty()) {
                LOG.warn("the usage store left with {} usage records not yet written; they wait for the next one",
                        queue.size());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void append(UsageRecord record, Consumer<UsageRecord> count) {
        lock.lock();
        try {
            count.accept(record);
            if (closing) {
                LOG.warn("usage of {} at {} arrived after the usage writer closed and is not kept", record.orgId(),
                        record.occurredAt());
                return;
            }
            if (queue.size() >= capacity) {
                if (dropped++ % 1_000 == 0) {
                    LOG.error("the usage queue is full ({} records): the usage store is too slow or gone; {} usage"
                            + " records dropped so far", capacity, dropped);
                }
                return;
            }
            queue.addLast(record);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void load(SpendWindow window) {
        lock.lock();
        try {
            loads.addLast(window);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is queued or under way, or the time is up; true when idle. */
    boolean awaitIdle(Duration max) {
        lock.lock();
        try {
            long nanos = max.toNanos();
            while ((busy || !queue.isEmpty() || !loads.isEmpty()) && store != null && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
            return !busy && queue.isEmpty() && loads.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued (one try each), then stops. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signalAll();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(FLUSH_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (!queue.isEmpty()) {
                LOG.error("{} usage records could not be written before the studio stopped{}", queue.size(),
                        store == null ? ": no usage store is available" : "");
            }
        } finally {
            lock.unlock();
        }
    }

    /** What one turn of the writer does, taken under the lock and done outside it. */
    private record Step(UsageStore store, SpendWindow window, SpendWindow.Tally tally, Spent queued,
            List<UsageRecord> batch, boolean last) {
    }

    private void run() {
        Step step;
        while ((step = next()) != null) {
            try {
                if (step.window() != null) {
                    load(step);
                } else {
                    write(step);
                }
            } finally {
                lock.lock();
                try {
                    busy = false;
                    if (queue.isEmpty() && loads.isEmpty()) {
                        idle.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits for work; null when the writer is done. */
    private Step next() {
        lock.lock();
        try {
            while (!closing && (store == null || queue.isEmpty() && loads.isEmpty())) {
                work.awaitUninterruptibly();
            }
            if (store == null || closing && queue.isEmpty()) {
                idle.signalAll();
                return null;
            }
            busy = true;
            SpendWindow window = closing ? null : loads.poll();
            if (window != null) {
                // restarted under the lock, so every record from here on is counted into the window
                SpendWindow.Tally tally = window.restart();
                return new Step(store, window, tally, queuedFor(window.scope, tally), null, false);
            }
            List<UsageRecord> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
            while (batch.size() < BATCH && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            return new Step(store, null, null, null, batch, closing);
        } finally {
            lock.unlock();
        }
    }

    private Spent queuedFor(ScopeKey scope, SpendWindow.Tally tally) {
        Spent sum = Spent.ZERO;
        for (UsageRecord r : queue) {
            if (tally.contains(r.occurredAt().toEpochMilli()) && scope.counts(r)) {
                sum = sum.plus(Spent.of(r));
            }
        }
        return sum;
    }

    private void load(Step step) {
        ScopeKey scope = step.window().scope;
        try {
            UsageFilter period = UsageFilter.between(Instant.ofEpochMilli(step.tally().start),
                    Instant.ofEpochMilli(step.tally().end));
            List<UsageTotal> totals = step.store().aggregate(scope.orgId(), scope.narrow(period),
                    UsageDimension.ORGANISATION);
            Spent stored = totals.isEmpty() ? Spent.ZERO : Spent.of(totals.get(0));
            SpendWindow.loaded(step.tally(), stored.plus(step.queued()));
            backoffMillis = 0;
        } catch (RuntimeException e) {
            lock.lock();
            try {
                loads.addLast(step.window());
            } finally {
                lock.unlock();
            }
            backOff("reading the " + step.window().period.name().toLowerCase(Locale.ROOT) + " usage of "
                    + scope.describe() + " from the usage store failed (" + e + ")");
        }
    }

    private void write(Step step) {
        List<UsageRecord> batch = step.batch();
        for (int i = 0; i < batch.size(); i++) {
            UsageRecord r = batch.get(i);
            try {
                step.store().record(r);
                backoffMillis = 0;
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.INVALID) {
                    LOG.error("a usage record of organisation '{}' (user '{}', {} / {}) was refused and dropped: {}",
                            StudioIds.printable(r.orgId()), StudioIds.printable(r.userId()), r.provider(), r.model(),
                            e.getMessage());
                } else if (failed(step, batch.subList(i, batch.size()), e)) {
                    return;
                }
            } catch (RuntimeException e) {
                if (failed(step, batch.subList(i, batch.size()), e)) {
                    return;
                }
            }
        }
    }

    /** @return true when {@code rest} was put back to be retried after a backoff */
    private boolean failed(Step step, List<UsageRecord> rest, RuntimeException e) {
        if (step.last()) {
            LOG.error("writing a usage record failed while the studio stops; it is lost: {}", e.toString());
            return false;
        }
        lock.lock();
        try {
            for (int j = rest.size() - 1; j >= 0; j--) {
                queue.addFirst(rest.get(j));
            }
        } finally {
            lock.unlock();
        }
        backOff("writing usage records failed (" + e + "); " + rest.size() + " wait");
        return true;
    }

    /** Waits longer after each failure in a row, unless the writer closes or gets another store. */
    private void backOff(String what) {
        backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        LOG.warn("{}; next try in {} ms", what, backoffMillis);
        lock.lock();
        try {
            if (!closing) {
                wake.await(backoffMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
