package io.coditect.studio.core.internal.usage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.UsageScope;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.BudgetStatus;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.persistence.testing.MutableClock;
import org.junit.Test;

/** Budgets as ConfigAdmin factory configurations: added, changed live, refused when wrong, deleted. */
public class BudgetComponentTest {

    private static final String PID = BudgetComponent.FACTORY_PID + "~web";
    private static final UsageScope DEV = new UsageScope("acme", "web", "dev", null, null);
    private static final ModelRef MODEL = new ModelRef("p", "m");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private UsageMeter meter = UsageMeter.inMemory(clock);

    /** The configuration DS would pass: the defaults, with some values set. */
    static BudgetConfig config(Map<String, Object> values) {
        return (BudgetConfig) Proxy.newProxyInstance(BudgetConfig.class.getClassLoader(),
                new Class<?>[] { BudgetConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return BudgetConfig.class;
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    private BudgetComponent activate(Map<String, Object> values) {
        return new BudgetComponent(meter, config(values), Map.of("service.pid", PID));
    }

    private void spend(String usd) {
        meter.record(DEV, "r", MODEL, Usage.of(1_000, 100), new BigDecimal(usd));
    }

    @Test
    public void aConfigurationBecomesABudgetThatChangesLiveAndGoesWithIt() {
        try (StudioDatabase db = EmbeddedStudioDatabase.open(clock)) {
            meter = UsageMeter.writingTo(db.usage(), clock);
            changesLive();
            meter.close();
        }
    }

    private void changesLive() {
        BudgetComponent c = activate(Map.of("scope", "team", "org", "acme", "scope_id", "web", "limit_usd", 50.0));
        spend("49.99");
        BudgetStatus s = meter.statuses("acme").get(0);
        assertEquals(PID, s.id());
        assertEquals(BudgetScope.TEAM, s.scope());
        assertEquals("web", s.scopeId());
        assertEquals(BudgetPeriod.MONTH, s.period());
        assertEquals(0, new BigDecimal("50").compareTo(s.limitUsd()));
        assertNull(s.limitTokens());
        assertEquals(new BigDecimal("0.010000"), s.remainingUsd());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), s.periodStart());
        assertNull(meter.refusal(DEV, MODEL, 10, 0.005));
        assertNotNull(meter.refusal(DEV, MODEL, 10, 0.02));

        c.modified(config(Map.of("scope", "TEAM", "org", "acme", "scope_id", "web", "limit_usd", 40.0)));
        assertTrue(meter.statuses("acme").get(0).exhausted());
        assertEquals("the monthly budget of team 'web' (USD 40.00) is used up: USD 49.99 spent since 2026-11-01;"
                + " raise it or wait until 2026-12-01", meter.refusal(DEV, MODEL, 10, 0.005).message());

        // a new period length starts from what the store and the write queue have for it
        c.modified(config(Map.of("scope", "TEAM", "org", "acme", "scope_id", "web", "limit_tokens", 5_000L,
                "period", "day")));
        assertEquals(1_100, meter.statuses("acme").get(0).spentTokens());
        assertEquals(BudgetPeriod.DAY, meter.statuses("acme").get(0).period());

        c.deactivate();
        assertEquals(List.of(), meter.statuses("acme"));
        assertNull(meter.refusal(DEV, MODEL, 10, 100));
    }

    @Test
    public void aWrongConfigurationIsNotEnforcedAndReplacesNothing() {
        BudgetComponent c = activate(Map.of("org", "acme", "limit_usd", 1.0));
        assertEquals(1, meter.statuses("acme").size());
        c.modified(config(Map.of("scope", "teams", "org", "acme", "scope_id", "web", "limit_usd", 1.0)));
        assertEquals(List.of(), meter.statuses("acme"));
    }

    @Test
    public void wrongConfigurationsAreExplained() {
        expect("'scope' must be one of [ORGANISATION, TEAM, USER, PROJECT], not 'teams'",
                Map.of("scope", "teams", "org", "acme", "limit_usd", 1.0));
        expect("'org' is missing: name the organisation", Map.of("org", " ", "limit_usd", 1.0));
        expect("'org' must be the id of the organisation, not 'Acme Inc'", Map.of("org", "Acme Inc",
                "limit_usd", 1.0));
        expect("'scope.id' is missing: name the team", Map.of("scope", "TEAM", "org", "acme", "limit_usd", 1.0));
        expect("an ORGANISATION budget takes no 'scope.id' (or the org's own id), not 'web'",
                Map.of("org", "acme", "scope_id", "web", "limit_usd", 1.0));
        expect("it sets no limit: set limit.usd or limit.tokens (or both) above 0", Map.of("org", "acme"));
        expect("'period' must be one of [DAY, MONTH], not 'week'", Map.of("org", "acme", "period", "week",
                "limit_tokens", 5L));
    }

    private static void expect(String message, Map<String, Object> values) {
        try {
            Budget.of(PID, config(values));
            fail("accepted " + values);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void periodsAreCalendarDaysAndMonthsInUtc() {
        Instant leap = Instant.parse("2028-02-29T23:59:59.999Z");
        assertEquals(Instant.parse("2028-02-01T00:00:00Z"), BudgetPeriod.MONTH.start(leap));
        assertEquals(Instant.parse("2028-03-01T00:00:00Z"), BudgetPeriod.MONTH.end(leap));
        assertEquals(Instant.parse("2028-02-29T00:00:00Z"), BudgetPeriod.DAY.start(leap));
        assertEquals(Instant.parse("2028-03-01T00:00:00Z"), BudgetPeriod.DAY.end(leap));
        Instant newYear = Instant.parse("2026-12-31T12:00:00Z");
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), BudgetPeriod.MONTH.end(newYear));
        assertEquals(Duration.ofDays(1), Duration.between(BudgetPeriod.DAY.start(newYear),
                BudgetPeriod.DAY.end(newYear)));
    }
}
