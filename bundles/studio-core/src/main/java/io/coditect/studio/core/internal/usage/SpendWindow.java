package io.coditect.studio.core.internal.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.coditect.studio.api.usage.BudgetPeriod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one scope has used in the current day or month, kept in memory so a budget check never asks
 * the database. A window starts with the period's total from the store ({@link UsageJournal#load});
 * when the period ends it starts the next at zero, as every request of the new period passes through
 * this node's ledger.
 */
final class SpendWindow {

    private static final Logger LOG = LoggerFactory.getLogger(SpendWindow.class);

    /** How long a check waits for the first total of a window before it goes on with what it has. */
    static final Duration LOAD_WAIT = Duration.ofSeconds(2);

    /** The current period's spending. */
    record Reading(Spent spent, Instant start, Instant end) {
    }

    /** The counts of one period: what the store had when loaded, plus what was recorded since. */
    static final class Tally {

        final long start;
        final long end;
        private final LongAdder tokens = new LongAdder();
        private final LongAdder micros = new LongAdder();
        private final CountDownLatch loaded = new CountDownLatch(1);
        private volatile Spent baseline = Spent.ZERO;
        private volatile boolean waitedOut;

        Tally(BudgetPeriod period, long at) {
            Instant i = Instant.ofEpochMilli(at);
            this.start = period.start(i).toEpochMilli();
            this.end = period.end(i).toEpochMilli();
        }

        boolean contains(long at) {
            return at >= start && at < end;
        }

        void add(Spent s) {
            tokens.add(s.tokens());
            micros.add(s.micros());
        }

        Spent total() {
            return baseline.plus(new Spent(tokens.sum(), micros.sum()));
        }

        boolean isLoaded() {
            return loaded.getCount() == 0;
        }
    }

    final ScopeKey scope;
    final BudgetPeriod period;
    private final AtomicReference<Tally> current;

    SpendWindow(ScopeKey scope, BudgetPeriod period, long now) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.period = Objects.requireNonNull(period, "period");
        this.current = new AtomicReference<>(new Tally(period, now));
    }

    /** Counts usage that occurred at {@code at}; usage of an earlier period is not this window's. */
    void add(long at, Spent s) {
        Tally t = tally(at);
        if (t != null) {
            t.add(s);
        }
    }

    /** The current period's spending, waiting briefly for its first total when it is still loading. */
    Reading read(long now) {
        Tally t = tally(now);
        if (t == null) {
            // the clock went back: stay with the period we have
            t = current.get();
        }
        awaitLoad(t);
        return new Reading(t.total(), Instant.ofEpochMilli(t.start), Instant.ofEpochMilli(t.end));
    }

    /**
     * The tally a load must fill, emptied of what was counted so far: the caller guarantees that
     * everything counted before is in the store or in the queue it adds to the baseline.
     */
    Tally restart() {
        Tally t = current.get();
        t.tokens.reset();
        t.micros.reset();
        return t;
    }

    /** Without a store: everything there is has been counted here. */
    void startFromZero() {
        loaded(current.get(), Spent.ZERO);
    }

    /** Sets what the store (and the write queue) held for {@code t} when it was restarted. */
    static void loaded(Tally t, Spent baseline) {
        t.baseline = baseline;
        t.loaded.countDown();
    }

    private Tally tally(long at) {
        while (true) {
            Tally t = current.get();
            if (at < t.start) {
                return null;
            }
            if (at < t.end) {
                return t;
            }
            Tally next = new Tally(period, at);
            loaded(next, Spent.ZERO);
            if (current.compareAndSet(t, next)) {
                return next;
            }
        }
    }

    private void awaitLoad(Tally t) {
        if (t.isLoaded() || t.waitedOut) {
            return;
        }
        try {
            if (t.loaded.await(LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        t.waitedOut = true;
        LOG.warn("the {} total of {} could not be read from the usage store yet; its budget is checked against the"
                + " usage recorded since the studio started until it can", period.name().toLowerCase(Locale.ROOT), scope.describe());
    }
}
