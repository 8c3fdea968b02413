package io.coditect.studio.core.internal.usage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.UsageScope;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageStore;
import io.coditect.studio.api.usage.UsageTotal;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.persistence.testing.MutableClock;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The meter's records on their way to the real database: queued, retried, flushed, counted once. */
public class UsageWriterTest {

    private static final UsageScope ANN = new UsageScope("acme", "web", "ann", null, null);
    private static final ModelRef MODEL = new ModelRef("cheap", "mini");
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private StudioDatabase db;
    private UsageMeter meter;

    @Before
    public void open() {
        db = EmbeddedStudioDatabase.open(clock);
    }

    @After
    public void close() {
        if (meter != null) {
            meter.close();
        }
        db.close();
    }

    private void call(UsageScope scope) {
        meter.record(scope, "r", MODEL, Usage.of(100, 10), new BigDecimal("0.001000"));
    }

    private List<UsageRecord> stored() {
        return db.usage().list("acme", UsageFilter.ALL, PageRequest.first(500)).items();
    }

    private static Budget annMonthly() {
        return new Budget("ann", new ScopeKey(BudgetScope.USER, "acme", "ann"), BudgetPeriod.MONTH, null, 10_000L);
    }

    @Test
    public void recordsQueuedWhenABudgetAppearsAreCountedExactlyOnce() {
        meter = new UsageMeter(clock, new UsageWriter(100));
        for (int i = 0; i < 3; i++) {
            call(ANN);
        }
        meter.putBudget(annMonthly());
        meter.bindStore(db.usage());
        assertTrue(meter.awaitWritten(CATCH_UP));
        assertEquals(330, meter.statuses("acme").get(0).spentTokens());

        call(ANN);
        assertTrue(meter.awaitWritten(CATCH_UP));
        assertEquals(440, meter.statuses("acme").get(0).spentTokens());
        assertEquals(4, stored().size());

        // after a restart the period's spending comes from the store
        UsageMeter restarted = UsageMeter.writingTo(db.usage(), clock);
        restarted.putBudget(annMonthly());
        assertEquals(440, restarted.statuses("acme").get(0).spentTokens());
        restarted.close();
    }

    @Test
    public void aFailingStoreIsRetriedWithoutTheCallerNoticing() {
        FlakyStore flaky = new FlakyStore(db.usage(), 2);
        meter = UsageMeter.writingTo(flaky, clock);
        call(ANN);
        assertTrue(meter.awaitWritten(CATCH_UP));
        assertEquals(1, stored().size());
        assertEquals(3, flaky.calls.get());
    }

    @Test
    public void aRecordTheStoreRefusesIsDroppedAndTheOthersAreWritten() {
        meter = UsageMeter.writingTo(db.usage(), clock);
        call(new UsageScope("acme", null, "not a valid id!", null, null));
        call(ANN);
        assertTrue(meter.awaitWritten(CATCH_UP));
        assertEquals(List.of("ann"), stored().stream().map(UsageRecord::userId).toList());
    }

    @Test
    public void closingWritesEverythingQueued() {
        meter = UsageMeter.writingTo(db.usage(), clock);
        for (int i = 0; i < 100; i++) {
            call(ANN);
        }
        meter.close();
        assertEquals(100, stored().size());
        // the meter closed: later usage is not kept
        call(ANN);
        assertEquals(100, stored().size());
        meter = null;
    }

    @Test
    public void aStoreThatLeavesReceivesTheQueueFirst() {
        meter = new UsageMeter(clock, new UsageWriter(100));
        meter.bindStore(db.usage());
        for (int i = 0; i < 50; i++) {
            call(ANN);
        }
        meter.unbindStore(db.usage());
        assertEquals(50, stored().size());
    }

    /** The real store, failing the first writes as a database that is down would. */
    private static final class FlakyStore implements UsageStore {

        private final UsageStore store;
        private final AtomicInteger failures;
        final AtomicInteger calls = new AtomicInteger();

        FlakyStore(UsageStore store, int failures) {
            this.store = store;
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public UsageRecord record(UsageRecord usage) {
            calls.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "the database cannot be reached");
            }
            return store.record(usage);
        }

        @Override
        public Page<UsageRecord> list(String orgId, UsageFilter filter, PageRequest page) {
            return store.list(orgId, filter, page);
        }

        @Override
        public List<UsageTotal> aggregate(String orgId, UsageFilter filter, UsageDimension groupBy) {
            return store.aggregate(orgId, filter, groupBy);
        }
    }
}
