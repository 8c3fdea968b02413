package io.coditect.studio.core.internal.usage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.BudgetStatus;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageTotal;
import io.coditect.studio.core.internal.tenancy.TenancyFixture;
import io.coditect.studio.security.internal.rbac.RbacPolicy;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Usage reports and budgets with the real policy on the real database: billing and organisation
 * administrators see everything, everybody else their own usage, nobody another organisation's.
 */
public class UsageServiceTest extends TenancyFixture {

    private UsageMeter meter;
    private UsageServiceImpl usage;

    @Before
    public void seed() {
        meter = UsageMeter.inMemory(java.time.Clock.systemUTC());
        usage = new UsageServiceImpl(db.usage(), meter, store, db.audit(), db.transactions(), new RbacPolicy());
        record("acme", "web", "dev", "site", "anthropic", "claude", 100, 10, "0.010", "2026-11-01T09:00:00Z");
        record("acme", "web", "dev", "site", "gemini", "gemini-pro", 200, 20, "0.020", "2026-11-02T09:00:00Z");
        record("acme", "web", "lee", "site", "anthropic", "claude", 300, 30, "0.030", "2026-11-02T10:00:00Z");
        record("acme", "ops", "otto", "infra", "anthropic", "claude", 400, 40, "0.040", "2026-11-03T09:00:00Z");
        record("globex", "secret", "gus", "plans", "anthropic", "claude", 999, 99, "9.990", "2026-11-01T09:00:00Z");
        meter.putBudget(new Budget("web", new ScopeKey(BudgetScope.TEAM, "acme", "web"), BudgetPeriod.MONTH,
                new BigDecimal("50"), null));
        meter.putBudget(new Budget("dev", new ScopeKey(BudgetScope.USER, "acme", "dev"), BudgetPeriod.DAY, null,
                100_000L));
        meter.putBudget(new Budget("gus", new ScopeKey(BudgetScope.USER, "globex", "gus"), BudgetPeriod.DAY, null,
                100_000L));
    }

    @After
    public void closeMeter() {
        meter.close();
    }

    private void record(String org, String team, String user, String project, String provider, String model, long in,
            long out, String cost, String at) {
        db.usage().record(new UsageRecord(null, org, team, user, project, null, provider, model, in, out, 0,
                new BigDecimal(cost), Instant.parse(at)));
    }

    private static List<String> keys(List<UsageTotal> totals) {
        return totals.stream().map(UsageTotal::key).toList();
    }

    @Test
    public void billingAdministratorsSeeTheWholeOrganisationPerDimension() {
        Caller bill = caller("acme", "bill");
        assertEquals(List.of(new UsageTotal("acme", 4, 1_000, 100, 0, new BigDecimal("0.100000"))),
                usage.totals(bill, "acme", null, null));
        assertEquals(List.of("dev", "lee", "otto"), keys(usage.totals(bill, "acme", null, UsageDimension.USER)));
        assertEquals(List.of("ops", "web"), keys(usage.totals(bill, "acme", null, UsageDimension.TEAM)));
        assertEquals(List.of("infra", "site"), keys(usage.totals(bill, "acme", null, UsageDimension.PROJECT)));
        assertEquals(List.of("anthropic", "gemini"), keys(usage.totals(bill, "acme", null,
                UsageDimension.PROVIDER)));
        assertEquals(List.of("claude", "gemini-pro"), keys(usage.totals(bill, "acme", null, UsageDimension.MODEL)));
        assertEquals(List.of(new UsageTotal("2026-11-01", 1, 100, 10, 0, new BigDecimal("0.010000")),
                new UsageTotal("2026-11-02", 2, 500, 50, 0, new BigDecimal("0.050000")),
                new UsageTotal("2026-11-03", 1, 400, 40, 0, new BigDecimal("0.040000"))),
                usage.totals(bill, "acme", null, UsageDimension.DAY));
        UsageFilter webOnTheSecond = UsageFilter.between(Instant.parse("2026-11-02T00:00:00Z"),
                Instant.parse("2026-11-03T00:00:00Z")).withTeam("web");
        assertEquals(List.of("dev", "lee"), keys(usage.totals(bill, "acme", webOnTheSecond, UsageDimension.USER)));
        assertEquals(4, usage.records(bill, "acme", null, PageRequest.first(2)).total());
        // organisation administrators include the billing role
        assertEquals(3, usage.totals(caller("acme", "ann"), "acme", null, UsageDimension.USER).size());
        assertEquals(List.of("web", "dev"), usage.budgets(bill, "acme").stream().map(BudgetStatus::id).toList());
    }

    @Test
    public void everybodyElseSeesTheirOwnUsageOnly() {
        Caller dev = caller("acme", "dev");
        assertEquals(List.of("dev"), keys(usage.totals(dev, "acme", null, UsageDimension.USER)));
        assertEquals(List.of(new UsageTotal("acme", 2, 300, 30, 0, new BigDecimal("0.030000"))),
                usage.totals(dev, "acme", UsageFilter.ALL.withTeam("web"), null));
        List<UsageRecord> mine = usage.records(dev, "acme", null, PageRequest.first()).items();
        assertEquals(List.of("gemini", "anthropic"), mine.stream().map(UsageRecord::provider).toList());
        assertEquals(List.of("dev"), usage.budgets(dev, "acme").stream().map(BudgetStatus::scopeId).toList());

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> usage.totals(dev, "acme",
                UsageFilter.ALL.withUser("lee"), UsageDimension.USER));
        assertTrue(e.getMessage(), e.getMessage().contains("owner"));
        assertEquals(AuditOutcome.DENIED, audit("acme", "usage.read").get(0).outcome());
        assertThrows(AccessDeniedException.class, () -> usage.records(caller("acme", "ana"), "acme",
                UsageFilter.ALL.withUser("dev"), PageRequest.first()));
        // without any role: still one's own
        assertEquals(List.of(), usage.totals(caller("acme", "nora"), "acme", null, UsageDimension.USER));
        assertEquals(List.of(), usage.budgets(caller("acme", "nora"), "acme"));
    }

    @Test
    public void apiKeysNeedTheUsageScope() {
        Caller readsUsage = caller("acme", "bill", Credential.API_KEY, Set.of("usage:read"));
        assertEquals(3, usage.totals(readsUsage, "acme", null, UsageDimension.USER).size());
        Caller readsProjects = caller("acme", "dev", Credential.API_KEY, Set.of("projects:read"));
        assertThrows(AccessDeniedException.class, () -> usage.totals(readsProjects, "acme", null, null));
        assertThrows(AccessDeniedException.class, () -> usage.budgets(readsProjects, "acme"));
    }

    @Test
    public void anotherOrganisationLooksLikeNoneAtAll() {
        Caller gina = caller("globex", "gina");
        StoreException acme = assertThrows(StoreException.class, () -> usage.totals(gina, "acme", null, null));
        StoreException none = assertThrows(StoreException.class, () -> usage.totals(gina, "nosuch", null, null));
        assertEquals(StoreException.Kind.NOT_FOUND, acme.kind());
        assertEquals(none.getMessage().replace("nosuch", "acme"), acme.getMessage());
        assertThrows(StoreException.class, () -> usage.records(gina, "acme", null, PageRequest.first()));
        assertThrows(StoreException.class, () -> usage.budgets(gina, "acme"));
        assertEquals(AuditOutcome.DENIED, audit("globex", "access.cross-tenant").get(0).outcome());
        // globex's own usage and budgets only
        assertEquals(List.of("gus"), keys(usage.totals(gina, "globex", null, UsageDimension.USER)));
        assertEquals(List.of("gus"), usage.budgets(gina, "globex").stream().map(BudgetStatus::id).toList());
    }

    @Test
    public void studioAdministratorsReadEveryExistingOrganisation() {
        assertEquals(3, usage.totals(studioAdmin(), "acme", null, UsageDimension.USER).size());
        assertEquals(2, usage.budgets(Caller.system("acme"), "acme").size());
        assertEquals(StoreException.Kind.NOT_FOUND, assertThrows(StoreException.class,
                () -> usage.totals(studioAdmin(), "nosuch", null, null)).kind());
    }
}
