package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.core.internal.usage.Budget;
import io.coditect.studio.core.internal.usage.RequestRateLimiter;
import io.coditect.studio.core.internal.usage.ScopeKey;
import io.coditect.studio.core.internal.usage.UsageMeter;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.persistence.testing.MutableClock;
import io.coditect.studio.security.internal.TestSecurity;

/**
 * Usage reports, budgets and rate limits over HTTP with the real security, services and database:
 * {@code acme} has a billing administrator (bill) and two developers (dev, lee) with usage.
 */
public class UsageApiTest {

    static StudioDatabase db;
    static UsageMeter meter;
    static TestSecurity security;
    static Server server;
    static String base;
    /** The rate limiter's clock: it moves only when a test moves it. */
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    static String bill;
    static String dev;
    static String globexAdmin;

    @BeforeClass
    public static void start() throws Exception {
        db = EmbeddedStudioDatabase.open();
        security = TestSecurity.open(Files.createTempDirectory("usage-api"), db);
        meter = UsageMeter.inMemory(CLOCK);
        String root = ApiServerTest.freeRoot();
        base = root + "/v1";
        server = ApiServerFactory.start(BusFactory.getDefaultBus(), root,
                new ApiServices(ApiServerTest.PROVIDERS, ApiServerTest.STORAGE, ApiServerTest.SANDBOXES,
                        ApiServerTest.ROUTER, security.authenticator(), security.tenancy(), security.apiKeys(),
                        ApiServerTest.unused(SsoLogin.class), security.signingKeys(), security.usage(meter),
                        new RequestRateLimiter(CLOCK, 1_000, 3), ApiServerTest.noSessions(), ApiServerTest.unused(SessionEvents.class),
                        ApiServerTest.unused(ChatService.class)));
        TenancyService tenancy = security.tenancy();
        for (String org : List.of("acme", "globex")) {
            Caller system = Caller.system(org);
            tenancy.createOrganisation(system, Organisation.of(org, org.toUpperCase()),
                    User.of(org, "admin", "admin@" + org + ".test", "Admin"), SecuredApiTest.PASSWORD.toCharArray());
            tenancy.createTeam(system, Team.of(org, "web", "Web"));
        }
        Caller acme = Caller.system("acme");
        for (String user : List.of("bill", "dev", "lee")) {
            tenancy.createUser(acme, User.of("acme", user, user + "@acme.test", user),
                    SecuredApiTest.PASSWORD.toCharArray());
        }
        tenancy.grant(acme, "acme", "bill", null, Role.BILLING_ADMIN);
        tenancy.grant(acme, "acme", "dev", "web", Role.DEVELOPER);
        tenancy.grant(acme, "acme", "lee", "web", Role.DEVELOPER);
        record("acme", "dev", "anthropic", "0.010", "2026-11-01T09:00:00Z");
        record("acme", "dev", "gemini", "0.020", "2026-11-02T09:00:00Z");
        record("acme", "lee", "anthropic", "0.030", "2026-11-02T10:00:00Z");
        record("globex", "admin", "anthropic", "9.990", "2026-11-02T10:00:00Z");
        meter.putBudget(new Budget("io.coditect.studio.core.budget~web", new ScopeKey(BudgetScope.TEAM, "acme", "web"),
                BudgetPeriod.MONTH, new BigDecimal("50.00"), null));
        meter.putBudget(new Budget("io.coditect.studio.core.budget~dev", new ScopeKey(BudgetScope.USER, "acme", "dev"),
                BudgetPeriod.DAY, null, 100_000L));
        bill = login("acme", "bill@acme.test");
        dev = login("acme", "dev@acme.test");
        globexAdmin = login("globex", "admin@globex.test");
    }

    @AfterClass
    public static void stop() {
        server.destroy();
        db.close();
    }

    private static void record(String org, String user, String provider, String cost, String at) {
        db.usage().record(new UsageRecord(null, org, "web", user, null, null, provider, provider + "-model", 100, 10,
                0, new BigDecimal(cost), Instant.parse(at)));
    }

    static String login(String org, String email) throws Exception {
        HttpResponse<String> r = send("POST", "/auth/login", null, "{\"org\":\"" + org + "\",\"email\":\"" + email
                + "\",\"password\":\"" + SecuredApiTest.PASSWORD + "\"}");
        assertEquals(r.body(), 200, r.statusCode());
        return SecuredApiTest.JSON.readTree(r.body()).get("access_token").asText();
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return SecuredApiTest.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = send("GET", path, token, null);
        assertEquals(path + ": " + r.body(), 200, r.statusCode());
        return SecuredApiTest.JSON.readTree(r.body());
    }

    private static List<String> keys(JsonNode report) {
        List<String> keys = new ArrayList<>();
        report.get("totals").forEach(t -> keys.add(t.get("key").asText()));
        return keys;
    }

    @Test
    public void billingAdministratorsGetTotalsPerDimensionAndPeriod() throws Exception {
        JsonNode all = get("/orgs/acme/usage", bill);
        assertEquals("ORGANISATION", all.get("groupBy").asText());
        JsonNode total = all.get("totals").get(0);
        assertEquals(3, total.get("requests").asInt());
        assertEquals(300, total.get("inputTokens").asInt());
        assertEquals(0, new BigDecimal("0.06").compareTo(total.get("cost").decimalValue()));

        assertEquals(List.of("dev", "lee"), keys(get("/orgs/acme/usage?groupBy=user", bill)));
        assertEquals(List.of("anthropic", "gemini"), keys(get("/orgs/acme/usage?groupBy=PROVIDER", bill)));
        JsonNode second = get("/orgs/acme/usage?groupBy=DAY&from=2026-11-02&to=2026-11-03T00:00:00Z", bill);
        assertEquals(List.of("2026-11-02"), keys(second));
        assertEquals("2026-11-02T00:00:00Z", second.get("from").asText());
        assertEquals(2, second.get("totals").get(0).get("requests").asInt());
        assertEquals(List.of("lee"), keys(get("/orgs/acme/usage?groupBy=USER&user=lee", bill)));

        HttpResponse<String> bad = send("GET", "/orgs/acme/usage?groupBy=WEEK", bill, null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("'groupBy' must be one of [ORGANISATION, TEAM, USER, PROJECT,"
                + " PROVIDER, MODEL, DAY], not 'WEEK'"));
        assertEquals(400, send("GET", "/orgs/acme/usage?from=yesterday", bill, null).statusCode());
    }

    @Test
    public void recordsArePagedNewestFirst() throws Exception {
        JsonNode first = get("/orgs/acme/usage/records?limit=2", bill);
        assertEquals(3, first.get("total").asInt());
        assertEquals("lee", first.get("items").get(0).get("userId").asText());
        String cursor = first.get("nextCursor").asText();
        JsonNode next = get("/orgs/acme/usage/records?limit=2&cursor=" + cursor, bill);
        assertEquals(1, next.get("items").size());
        assertEquals("2026-11-01T09:00:00Z", next.get("items").get(0).get("occurredAt").asText());
        assertTrue(next.get("nextCursor").isNull());
    }

    @Test
    public void developersSeeTheirOwnUsageAndBudgetsOnly() throws Exception {
        assertEquals(List.of("dev"), keys(get("/orgs/acme/usage?groupBy=USER", dev)));
        JsonNode records = get("/orgs/acme/usage/records", dev);
        assertEquals(2, records.get("total").asInt());
        records.get("items").forEach(r -> assertEquals("dev", r.get("userId").asText()));
        HttpResponse<String> other = send("GET", "/orgs/acme/usage?user=lee", dev, null);
        assertEquals(other.body(), 403, other.statusCode());
        assertEquals("application/problem+json", other.headers().firstValue("Content-Type").orElse(""));

        JsonNode budgets = get("/orgs/acme/budgets", dev);
        assertEquals(1, budgets.get("total").asInt());
        assertEquals("USER", budgets.get("items").get(0).get("scope").asText());
    }

    @Test
    public void budgetsShowWhatThePeriodHasUsed() throws Exception {
        JsonNode budgets = get("/orgs/acme/budgets", bill);
        assertEquals(2, budgets.get("total").asInt());
        JsonNode web = budgets.get("items").get(0);
        assertEquals("io.coditect.studio.core.budget~web", web.get("id").asText());
        assertEquals("TEAM", web.get("scope").asText());
        assertEquals("MONTH", web.get("period").asText());
        assertEquals("2026-11-01T00:00:00Z", web.get("periodStart").asText());
        assertEquals("2026-12-01T00:00:00Z", web.get("periodEnd").asText());
        assertEquals(0, new BigDecimal("50").compareTo(web.get("limitUsd").decimalValue()));
        assertTrue(web.get("limitTokens").isNull());
        assertEquals(0, new BigDecimal("50").compareTo(web.get("remainingUsd").decimalValue()));
        assertEquals(false, web.get("exhausted").asBoolean());
    }

    @Test
    public void anotherOrganisationsUsageIsNotFound() throws Exception {
        for (String path : List.of("/orgs/acme/usage", "/orgs/acme/usage/records", "/orgs/acme/budgets")) {
            HttpResponse<String> r = send("GET", path, globexAdmin, null);
            assertEquals(path, 404, r.statusCode());
            assertTrue(r.body(), !r.body().contains("lee") && !r.body().contains("0.03"));
        }
        assertEquals(List.of("admin"), keys(get("/orgs/globex/usage?groupBy=USER", globexAdmin)));
    }

    @Test
    public void anApiKeyOverItsRateLimitIsToldWhenToComeBack() throws Exception {
        String key = security.apiKeys().issue(Caller.system("acme"), "dev", "ci", Set.of("usage:read"), null)
                .secret();
        for (int i = 0; i < 3; i++) {
            get("/orgs/acme/usage", key);
        }
        HttpResponse<String> limited = send("GET", "/orgs/acme/usage", key, null);
        assertEquals(limited.body(), 429, limited.statusCode());
        assertEquals("20", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals("application/problem+json", limited.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = SecuredApiTest.JSON.readTree(limited.body());
        assertEquals("https://coditect.io/problems/rate-limited", problem.get("type").asText());
        assertTrue(problem.get("detail").asText(), problem.get("detail").asText().contains(
                "may make 3 requests per minute and has used them up; wait 20 s"));
        assertEquals("/v1/orgs/acme/usage", problem.get("instance").asText());
        // the key's owner signed in is counted apart
        get("/orgs/acme/usage", dev);

        CLOCK.advance(Duration.ofSeconds(20));
        get("/orgs/acme/usage", key);
        assertEquals(429, send("GET", "/orgs/acme/usage", key, null).statusCode());
    }
}
