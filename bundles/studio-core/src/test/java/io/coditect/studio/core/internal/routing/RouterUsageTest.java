package io.coditect.studio.core.internal.routing;

import static io.coditect.studio.core.internal.routing.ScriptedProvider.complete;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.model;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.script;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.start;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.text;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.usage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.routing.BudgetExceededException;
import io.coditect.studio.api.routing.SkipReason;
import io.coditect.studio.api.routing.UsageScope;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.BudgetStatus;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.core.internal.usage.Budget;
import io.coditect.studio.core.internal.usage.ScopeKey;
import io.coditect.studio.core.internal.usage.UsageMeter;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The router with the persisted usage meter on the real database: records per call, budgets before calls. */
public class RouterUsageTest extends RouterFixture {

    private static final UsageScope ANN = new UsageScope("acme", "web", "ann", "site", "s1");

    private final ScriptedProvider cheap = new ScriptedProvider("cheap", model("mini", 16_000, "0.1", "0.4"));
    private final ScriptedProvider smart = new ScriptedProvider("smart", model("thinker", 200_000, "3", "15"));
    private StudioDatabase db;
    private UsageMeter meter;

    @Before
    public void openDatabase() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        db = EmbeddedStudioDatabase.open(clock);
        registry.add(cheap);
    }

    @After
    public void closeDatabase() {
        if (meter != null) {
            meter.close();
        }
        db.close();
    }

    private UsageMeter meter() {
        meter = UsageMeter.writingTo(db.usage(), clock);
        ledger = meter;
        return meter;
    }

    private List<UsageRecord> stored() {
        assertTrue("the usage writer did not catch up", meter.awaitWritten(Duration.ofSeconds(30)));
        return db.usage().list("acme", UsageFilter.ALL, PageRequest.first(500)).items();
    }

    private static UsageRecord earlier(String team, String user, String cost, String at) {
        return new UsageRecord(null, "acme", team, user, null, null, "smart", "thinker", 1_000, 100, 0,
                new BigDecimal(cost), Instant.parse(at));
    }

    @Test
    public void everyCallAppendsOneRecordWithItsScopeTokensAndCost() {
        meter();
        registry.add(smart);
        Instant first = clock.instant();
        Recorder r = route(request().withScope(ANN));
        r.assertClean();
        assertEquals("smart", r.info.providerId());
        assertEquals(StopReason.END_TURN, r.stop);
        clock.advance(Duration.ofSeconds(1));
        route(request().withScope(new UsageScope("acme", null, null, null, null)));
        // nobody to bill: counted nowhere
        route(request());

        List<UsageRecord> records = stored();
        assertEquals(2, records.size());
        UsageRecord ann = records.get(1);
        assertEquals(List.of("acme", "web", "ann", "site", "s1", "smart", "thinker"), List.of(ann.orgId(),
                ann.teamId(), ann.userId(), ann.projectId(), ann.sessionId(), ann.provider(), ann.model()));
        assertEquals(10, ann.inputTokens());
        assertEquals(5, ann.outputTokens());
        // 10 tokens at 3 USD and 5 at 15 USD per million
        assertEquals(new BigDecimal("0.000105"), ann.cost());
        assertEquals(first, ann.occurredAt());
        assertEquals("system", records.get(0).userId());
        assertNull(records.get(0).teamId());
    }

    @Test
    public void aUsedUpBudgetRefusesBeforeAnyProviderIsCalled() {
        db.usage().record(earlier("web", "bob", "50.12", "2026-11-05T08:00:00Z"));
        // last month and another team do not count
        db.usage().record(earlier("web", "bob", "99", "2026-10-31T23:59:59Z"));
        db.usage().record(earlier("data", "cid", "99", "2026-11-06T08:00:00Z"));
        registry.add(smart);
        meter().putBudget(new Budget("web-monthly", new ScopeKey(BudgetScope.TEAM, "acme", "web"), BudgetPeriod.MONTH,
                new BigDecimal("50.00"), null));

        Recorder r = route(request().withScope(ANN));
        r.assertClean();
        assertTrue(r.error.getClass().getName(), r.error instanceof BudgetExceededException);
        BudgetExceededException e = (BudgetExceededException) r.error;
        assertEquals("the monthly budget of team 'web' (USD 50.00) is used up: USD 50.12 spent since 2026-11-01;"
                + " raise it or wait until 2026-12-01", e.getMessage());
        assertEquals(ProviderException.Kind.BAD_REQUEST, e.kind());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), e.resetsAt());
        assertEquals(Duration.ofDays(10).plusHours(14), e.retryAfter().orElseThrow());
        assertTrue(e.decision().candidates().stream().allMatch(c -> c.skipped() == SkipReason.OVER_BUDGET));
        assertTrue(cheap.calls().isEmpty());
        assertTrue(smart.calls().isEmpty());

        // another team of the organisation is not limited by it
        Recorder other = route(request().withScope(new UsageScope("acme", "data", "cid", null, null)));
        assertEquals(StopReason.END_TURN, other.stop);
    }

    @Test
    public void aBudgetTheRequestWouldExceedIsNamedWithTheCheapestModelsWorstCase() {
        registry.add(smart);
        db.usage().record(earlier(null, "ann", "0.9998", "2026-11-20T09:00:00Z"));
        meter().putBudget(new Budget("ann", new ScopeKey(BudgetScope.USER, "acme", "ann"), BudgetPeriod.DAY,
                BigDecimal.ONE, null));
        Recorder r = route(request().withScope(ANN));
        // mini: ~6 prompt tokens at 0.1 + 1,024 answer tokens at 0.4 USD per million
        assertEquals("the daily budget of user 'ann' (USD 1.00) would be exceeded: USD 1.00 spent since 2026-11-20"
                + " and this request may cost up to USD 0.0005; raise it, ask for fewer tokens (maxTokens) or wait"
                + " until 2026-11-21", r.error.getMessage());
        assertTrue(cheap.calls().isEmpty());
    }

    @Test
    public void theNextPeriodStartsAfresh() {
        clock.set(Instant.parse("2026-11-30T23:00:00Z"));
        meter().putBudget(new Budget("ann-daily", new ScopeKey(BudgetScope.USER, "acme", "ann"), BudgetPeriod.DAY,
                null, 2_000L));
        cheap.then(script(start(), text("long"), usage(1_500, 500), complete(StopReason.END_TURN)));
        assertEquals(StopReason.END_TURN, route(request().withScope(ANN)).stop);

        Recorder refused = route(request().withScope(ANN));
        assertEquals("the daily budget of user 'ann' (2,000 tokens) is used up: 2,000 tokens used since 2026-11-30;"
                + " raise it or wait until 2026-12-01", refused.error.getMessage());

        clock.advance(Duration.ofHours(1));
        assertEquals(StopReason.END_TURN, route(request().withScope(ANN)).stop);
        BudgetStatus status = meter.statuses("acme").get(0);
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), status.periodStart());
        assertEquals(Instant.parse("2026-12-02T00:00:00Z"), status.periodEnd());
        assertEquals(15, status.spentTokens());
        assertEquals(Long.valueOf(1_985), status.remainingTokens());
        assertEquals(2, stored().size());
    }

    @Test
    public void budgetsChangedLiveApplyToTheNextRequestAndKeepThePeriodsSpending() {
        meter();
        ScopeKey ann = new ScopeKey(BudgetScope.USER, "acme", "ann");
        meter.putBudget(new Budget("ann", ann, BudgetPeriod.MONTH, null, 2_000L));
        cheap.then(script(start(), text("long"), usage(1_500, 500), complete(StopReason.END_TURN)));
        route(request().withScope(ANN));
        assertTrue(route(request().withScope(ANN)).error instanceof BudgetExceededException);

        meter.putBudget(new Budget("ann", ann, BudgetPeriod.MONTH, null, 10_000L));
        assertEquals(StopReason.END_TURN, route(request().withScope(ANN)).stop);
        assertEquals(2_015, meter.statuses("acme").get(0).spentTokens());

        meter.putBudget(new Budget("ann", ann, BudgetPeriod.MONTH, new BigDecimal("0.000001"), null));
        assertTrue(route(request().withScope(ANN)).error.getMessage().startsWith(
                "the monthly budget of user 'ann' (USD 0.000001) is used up"));

        meter.removeBudget("ann");
        assertEquals(StopReason.END_TURN, route(request().withScope(ANN)).stop);
        assertEquals(List.of(), meter.statuses("acme"));
        assertEquals(3, stored().size());
    }
}
