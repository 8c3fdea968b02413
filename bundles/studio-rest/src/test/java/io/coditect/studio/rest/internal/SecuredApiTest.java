package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.security.internal.TestSecurity;

/**
 * The API with the real security, tenancy service and database (H2): two organisations, {@code acme}
 * and {@code globex}, each with an administrator and a developer; every route must keep them apart
 * whatever the URL or body says.
 */
public class SecuredApiTest {

    static final String PASSWORD = "correct horse battery staple";
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static StudioDatabase db;
    static TestSecurity security;
    static TenancyService tenancy;
    static Server server;
    static int port;
    static String base;
    static String acmeAdmin;
    static String acmeDev;
    static String acmeAnalyst;
    static String globexAdmin;

    @BeforeClass
    public static void start() throws Exception {
        Path dir = Files.createTempDirectory("secured-api");
        db = io.coditect.studio.persistence.testing.EmbeddedStudioDatabase.open();
        security = TestSecurity.open(dir, db);
        tenancy = security.tenancy();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String root = "http://127.0.0.1:" + port + "/api";
        base = root + "/v1";
        server = ApiServerFactory.start(BusFactory.getDefaultBus(), root,
                new ApiServices(ApiServerTest.PROVIDERS, ApiServerTest.STORAGE, ApiServerTest.SANDBOXES,
                        ApiServerTest.ROUTER, security.authenticator(), tenancy, security.apiKeys(),
                        ApiServerTest.unused(SsoLogin.class), security.signingKeys(), security.usage(),
                        security.rateLimiter(0, 0), ApiServerTest.noSessions(), ApiServerTest.unused(SessionEvents.class),
                        ApiServerTest.unused(ChatService.class)));
        for (String org : List.of("acme", "globex")) {
            Caller system = Caller.system(org);
            tenancy.createOrganisation(system, Organisation.of(org, org.toUpperCase()),
                    User.of(org, "admin", "admin@" + org + ".test", "Admin"), PASSWORD.toCharArray());
            tenancy.createTeam(system, Team.of(org, "web", "Web"));
            tenancy.createUser(system, User.of(org, "dev", "dev@" + org + ".test", "Dev"), PASSWORD.toCharArray());
            tenancy.grant(system, org, "dev", "web", Role.DEVELOPER);
            tenancy.createUser(system, User.of(org, "ana", "ana@" + org + ".test", "Ana"), PASSWORD.toCharArray());
            tenancy.grant(system, org, "ana", "web", Role.ANALYST);
        }
        tenancy.createTeam(Caller.system("globex"), Team.of("globex", "secret", "Secret"));
        // the system organisation, whose administrators administer the studio
        tenancy.createOrganisation(Caller.system("default"), Organisation.of("default", "Studio"),
                User.of("default", "root", "root@studio.test", "Root"), PASSWORD.toCharArray());
        tenancy.createProject(Caller.system("globex"), Project.of("globex", "plans", "secret", "Plans"));
        tenancy.createProject(Caller.system("acme"), Project.of("acme", "site", "web", "Site"));
        acmeAdmin = login("acme", "admin@acme.test");
        acmeDev = login("acme", "dev@acme.test");
        acmeAnalyst = login("acme", "ana@acme.test");
        globexAdmin = login("globex", "admin@globex.test");
    }

    @AfterClass
    public static void stop() {
        server.destroy();
        db.close();
    }

    static String login(String org, String email) throws Exception {
        HttpResponse<String> r = send("POST", "/auth/login", null,
                "{\"org\":\"" + org + "\",\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(r.body(), 200, r.statusCode());
        return JSON.readTree(r.body()).get("access_token").asText();
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
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Every route of another organisation, with every method it has. */
    static final List<String[]> GLOBEX_ROUTES = List.of(
            new String[] {"GET", "/orgs/globex", null},
            new String[] {"PATCH", "/orgs/globex", "{\"name\":\"mine\"}"},
            new String[] {"DELETE", "/orgs/globex", null},
            new String[] {"GET", "/orgs/globex/teams", null},
            new String[] {"POST", "/orgs/globex/teams", "{\"id\":\"x\",\"name\":\"X\"}"},
            new String[] {"GET", "/orgs/globex/teams/secret", null},
            new String[] {"PATCH", "/orgs/globex/teams/secret", "{\"name\":\"mine\"}"},
            new String[] {"DELETE", "/orgs/globex/teams/secret", null},
            new String[] {"GET", "/orgs/globex/users", null},
            new String[] {"POST", "/orgs/globex/users", "{\"id\":\"mole\",\"email\":\"m@x.test\",\"displayName\":\"M\"}"},
            new String[] {"GET", "/orgs/globex/users/dev", null},
            new String[] {"PATCH", "/orgs/globex/users/dev", "{\"disabled\":true}"},
            new String[] {"PUT", "/orgs/globex/users/dev/password", "{\"newPassword\":\"another long password\"}"},
            new String[] {"DELETE", "/orgs/globex/users/dev", null},
            new String[] {"GET", "/orgs/globex/members", null},
            new String[] {"PUT", "/orgs/globex/members/dev", "{\"role\":\"ORG_ADMIN\"}"},
            new String[] {"DELETE", "/orgs/globex/members/dev?team=web", null},
            new String[] {"GET", "/orgs/globex/projects", null},
            new String[] {"POST", "/orgs/globex/projects", "{\"id\":\"x\",\"teamId\":\"web\",\"name\":\"X\"}"},
            new String[] {"GET", "/orgs/globex/projects/plans", null},
            new String[] {"PATCH", "/orgs/globex/projects/plans", "{\"name\":\"mine\"}"},
            new String[] {"DELETE", "/orgs/globex/projects/plans", null},
            new String[] {"GET", "/orgs/globex/api-keys", null},
            new String[] {"POST", "/orgs/globex/api-keys", "{\"ownerId\":\"dev\",\"name\":\"x\"}"},
            new String[] {"GET", "/orgs/globex/audit-events", null},
            new String[] {"GET", "/orgs/globex/usage?groupBy=USER", null},
            new String[] {"GET", "/orgs/globex/usage/records", null},
            new String[] {"GET", "/orgs/globex/budgets", null});

    @Test
    public void anotherOrganisationAnswersNotFoundOnEveryRouteAndMethodAndIsAudited() throws Exception {
        for (String[] route : GLOBEX_ROUTES) {
            HttpResponse<String> r = send(route[0], route[1], acmeAdmin, route[2]);
            assertEquals(route[0] + " " + route[1] + ": " + r.body(), 404, r.statusCode());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            // exactly what a non-existent organisation answers
            HttpResponse<String> none = send(route[0], route[1].replace("globex", "nosuchorg"), acmeAdmin, route[2]);
            assertEquals(route[1], 404, none.statusCode());
            assertEquals(route[1], json(none).get("detail").asText().replace("nosuchorg", "globex"),
                    json(r).get("detail").asText());
        }
        // nothing of globex changed
        assertEquals("GLOBEX", tenancy.organisation(Caller.system("globex"), "globex").name());
        assertEquals("Plans", tenancy.project(Caller.system("globex"), "globex", "plans").name());
        assertFalse(tenancy.user(Caller.system("globex"), "globex", "dev").disabled());
        var denied = db.audit().query("acme", AuditFilter.ALL.withActor("admin").withOutcome(AuditOutcome.DENIED),
                PageRequest.first(500));
        assertTrue("cross-tenant attempts audited: " + denied.total(), denied.total() >= GLOBEX_ROUTES.size());
    }

    @Test
    public void guessedIdsOfAnotherOrganisationLookLikeMissingOnes() throws Exception {
        HttpResponse<String> guessed = send("GET", "/orgs/acme/projects/plans", acmeAdmin, null);
        HttpResponse<String> missing = send("GET", "/orgs/acme/projects/no-such", acmeAdmin, null);
        assertEquals(404, guessed.statusCode());
        assertEquals(json(missing).get("detail").asText().replace("no-such", "plans"), json(guessed).get("detail").asText());
        assertEquals(404, send("GET", "/orgs/acme/teams/secret", acmeAdmin, null).statusCode());
        assertEquals(404, send("DELETE", "/orgs/acme/teams/secret", acmeAdmin, null).statusCode());
        // acme's audit log names the ids acme's admin tried, so it is checked for globex's records only
        assertFalse(send("GET", "/orgs/acme/audit-events", acmeAdmin, null).body().contains("\"orgId\":\"globex\""));
        for (String list : List.of("/orgs/acme/teams", "/orgs/acme/projects", "/orgs/acme/users", "/orgs/acme/members",
                "/orgs")) {
            HttpResponse<String> r = send("GET", list, acmeAdmin, null);
            assertEquals(list, 200, r.statusCode());
            assertFalse(list + " leaks globex: " + r.body(), r.body().contains("globex") || r.body().contains("GLOBEX")
                    || r.body().contains("plans") || r.body().contains("secret"));
        }
    }

    @Test
    public void tenantOwnerAndRoleFieldsInBodiesAreIgnored() throws Exception {
        HttpResponse<String> r = send("POST", "/orgs/acme/projects", acmeAdmin,
                "{\"id\":\"forged\",\"teamId\":\"web\",\"name\":\"F\",\"orgId\":\"globex\",\"tenantId\":\"globex\","
                        + "\"createdBy\":\"mallory\",\"ownerId\":\"mallory\"}");
        assertEquals(r.body(), 201, r.statusCode());
        assertEquals("acme", json(r).get("orgId").asText());
        assertEquals("admin", json(r).get("createdBy").asText());
        assertEquals(404, send("GET", "/orgs/globex/projects/forged", globexAdmin, null).statusCode());

        r = send("POST", "/orgs/acme/users", acmeAdmin, "{\"id\":\"newbie\",\"email\":\"n@acme.test\","
                + "\"displayName\":\"N\",\"role\":\"ORG_ADMIN\",\"orgId\":\"globex\"}");
        assertEquals(r.body(), 201, r.statusCode());
        assertEquals("acme", json(r).get("orgId").asText());
        assertEquals(0, json(send("GET", "/orgs/acme/members?user=newbie", acmeAdmin, null)).get("total").asInt());

        r = send("POST", "/orgs/acme/projects", acmeAdmin, "{\"id\":\"x1\",\"teamId\":\"web\",\"name\":\"X\",\"bogus\":1}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body(), json(r).get("detail").asText().contains("unknown field 'bogus'"));
    }

    @Test
    public void rolesAreEnforcedOverHttp() throws Exception {
        HttpResponse<String> r = send("POST", "/orgs/acme/teams", acmeDev, "{\"id\":\"devteam\",\"name\":\"D\"}");
        assertEquals(r.body(), 403, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(403, send("POST", "/orgs/acme/projects", acmeAnalyst,
                "{\"id\":\"ap\",\"teamId\":\"web\",\"name\":\"A\"}").statusCode());
        assertEquals(403, send("GET", "/orgs/acme/audit-events", acmeDev, null).statusCode());
        assertEquals(403, send("PUT", "/orgs/acme/members/dev", acmeDev, "{\"role\":\"ORG_ADMIN\"}").statusCode());
        assertEquals(200, send("GET", "/orgs/acme/projects/site", acmeDev, null).statusCode());
    }

    /** Spellings that tricked URL-based filters (Shiro CVEs): none reaches a protected method. */
    @Test
    public void pathTricksNeverBypassAuthentication() throws Exception {
        List<String> tricks = List.of("/api/v1/orgs/acme/teams", "/api/v1/orgs/acme/teams/", "/api/v1/orgs/acme/teams;",
                "/api/v1/orgs/acme/teams;jsessionid=x", "/api/v1/orgs;x=y/acme/teams", "/api//v1/orgs/acme/teams",
                "/api/v1//orgs/acme/teams", "/api/v1/health/../orgs/acme/teams", "/api/v1/health/%2e%2e/orgs/acme/teams",
                "/api/v1/health/%2E%2E/orgs/acme/teams", "/api/v1/health;/../orgs/acme/teams",
                "/api/v1/health/..;/orgs/acme/teams", "/api/v1/orgs%2Facme%2Fteams", "/api/v1/orgs/acme%2Fteams",
                "/api/V1/orgs/acme/teams", "/api/v1/ORGS/acme/teams", "/api/v1/orgs/acme/TEAMS",
                "/api/v1/auth/login/../../orgs/acme/teams", "/api/v1/auth/login/%2e%2e/%2e%2e/orgs/acme/teams",
                "/api/v1/openapi.json/..;/orgs/acme/teams", "/api/%761/orgs/acme/teams", "/api/v1/orgs/acme/teams%00",
                "/api/v1/orgs/acme/teams%20", "/api/v1/./orgs/acme/teams", "/api/v1/orgs/./acme/teams");
        for (String path : tricks) {
            for (String method : List.of("GET", "POST")) {
                RawHttp.Reply r = RawHttp.send(port, method, path, null);
                assertNotEquals(method + " " + path + " reached a protected method: " + r.head(), 200, r.status());
                assertNotEquals(method + " " + path, 201, r.status());
                assertFalse(method + " " + path + " leaked: " + r.body(), r.body().contains("\"Web\""));
                assertTrue(method + " " + path + ": " + r.status(), r.status() == 401 || r.status() == 404
                        || r.status() == 400 || r.status() == 405);
            }
        }
    }

    /** The same spellings with a valid token of acme never show globex's data. */
    @Test
    public void pathTricksNeverCrossTenants() throws Exception {
        List<String> tricks = List.of("/api/v1/orgs/globex/teams", "/api/v1/orgs/GLOBEX/teams",
                "/api/v1/orgs/globex;/teams", "/api/v1/orgs/globex/teams/", "/api/v1/orgs/acme/../globex/teams",
                "/api/v1/orgs/acme/%2e%2e/globex/teams", "/api/v1/orgs/acme%2F..%2Fglobex/teams",
                "/api/v1/orgs/acme;/../globex/teams", "/api/v1/orgs//globex/teams", "/api/v1/orgs/%67lobex/teams",
                "/api/v1/orgs/acme/teams/..%2F..%2Fglobex%2Fteams", "/api/v1/orgs/acme/projects/..;/..;/globex/projects");
        for (String path : tricks) {
            RawHttp.Reply r = RawHttp.send(port, "GET", path, acmeAdmin);
            assertNotEquals(path + ": " + r.head() + "\n" + r.body(), 200, r.status());
            assertFalse(path + " leaked: " + r.body(), r.body().contains("secret") || r.body().contains("Secret"));
        }
    }

    @Test
    public void loginFailuresAreUniformThrottledAndAudited() throws Exception {
        HttpResponse<String> wrong = send("POST", "/auth/login", null,
                "{\"org\":\"acme\",\"email\":\"dev@acme.test\",\"password\":\"wrong password here\"}");
        HttpResponse<String> unknown = send("POST", "/auth/login", null,
                "{\"org\":\"acme\",\"email\":\"nobody@acme.test\",\"password\":\"wrong password here\"}");
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(json(wrong).get("detail").asText(), json(unknown).get("detail").asText());
        assertFalse(wrong.body(), wrong.body().contains("wrong password here"));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(send("POST", "/auth/login", null,
                    "{\"org\":\"acme\",\"email\":\"victim@acme.test\",\"password\":\"guess number " + i + "\"}")
                    .statusCode());
        }
        assertTrue(statuses.toString(), statuses.contains(429));
        HttpResponse<String> throttled = send("POST", "/auth/login", null,
                "{\"org\":\"acme\",\"email\":\"victim@acme.test\",\"password\":\"guess again\"}");
        assertEquals(429, throttled.statusCode());
        assertTrue(throttled.headers().firstValue("Retry-After").isPresent());

        var events = db.audit().query("acme", AuditFilter.ALL.withAction("auth.login"), PageRequest.first(100));
        assertTrue(events.items().stream().anyMatch(e -> e.outcome() == AuditOutcome.SUCCESS
                && "127.0.0.1".equals(e.sourceAddress())));
        assertTrue(events.items().stream().anyMatch(e -> e.outcome() != AuditOutcome.SUCCESS));
    }

    @Test
    public void refreshByCookieAndLogoutRevokesAtOnce() throws Exception {
        HttpResponse<String> r = send("POST", "/auth/login", null,
                "{\"org\":\"globex\",\"email\":\"dev@globex.test\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, r.statusCode());
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("studio_refresh="))
                .findFirst().orElseThrow();
        assertTrue(cookie, cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        String token = json(r).get("access_token").asText();
        assertEquals(3600, json(r).get("expires_in").asLong(), 5);

        HttpResponse<String> me = send("GET", "/me", token, null);
        assertEquals(200, me.statusCode());
        assertEquals("dev", json(me).get("userId").asText());
        assertEquals("DEVELOPER", json(me).get("teamRoles").get("web").asText());

        HttpResponse<String> refreshed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/auth/refresh"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(refreshed.body(), 200, refreshed.statusCode());
        String second = json(refreshed).get("access_token").asText();
        assertNotEquals(token, second);

        assertEquals(204, send("POST", "/auth/logout", second, null).statusCode());
        assertEquals(401, send("GET", "/me", second, null).statusCode());
        assertEquals(401, send("GET", "/me", token, null).statusCode());
    }

    @Test
    public void apiKeysAreShownOnceWorkAsBearerAndStopWhenRevoked() throws Exception {
        HttpResponse<String> r = send("POST", "/orgs/acme/api-keys", acmeAdmin,
                "{\"ownerId\":\"dev\",\"name\":\"CI\",\"scopes\":[\"projects:read\"]}");
        assertEquals(r.body(), 201, r.statusCode());
        String key = json(r).get("key").asText();
        String id = json(r).get("apiKey").get("id").asText();
        String prefix = json(r).get("apiKey").get("prefix").asText();
        assertTrue(key.startsWith(prefix));

        HttpResponse<String> me = send("GET", "/me", key, null);
        assertEquals(me.body(), 200, me.statusCode());
        assertEquals("API_KEY", json(me).get("credential").asText());
        assertEquals(200, send("GET", "/orgs/acme/projects/site", key, null).statusCode());
        assertEquals(403, send("POST", "/orgs/acme/projects", key, "{\"id\":\"k\",\"teamId\":\"web\",\"name\":\"K\"}")
                .statusCode());
        assertEquals(404, send("GET", "/orgs/globex/projects", key, null).statusCode());

        HttpResponse<String> listed = send("GET", "/orgs/acme/api-keys", acmeAdmin, null);
        assertFalse(listed.body().contains(key.substring(prefix.length())));
        assertFalse(listed.body(), listed.body().contains("digest"));
        assertFalse(send("GET", "/orgs/acme/api-keys/" + id, acmeAdmin, null).body().contains("v1:"));

        assertEquals(403, send("POST", "/orgs/acme/api-keys", acmeDev, "{\"ownerId\":\"dev\",\"name\":\"mine\"}")
                .statusCode());
        assertEquals(200, send("DELETE", "/orgs/acme/api-keys/" + id, acmeAdmin, null).statusCode());
        assertEquals(401, send("GET", "/me", key, null).statusCode());
        assertEquals(404, send("DELETE", "/orgs/globex/api-keys/" + id, globexAdmin, null).statusCode());
    }

    @Test
    public void listingsPageWithCursorsAndRejectBadLimits() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("POST", "/orgs/acme/teams", acmeAdmin, "{\"id\":\"page-" + i + "\",\"name\":\"P" + i + "\"}");
        }
        JsonNode first = json(send("GET", "/orgs/acme/teams?limit=2&text=page-", acmeAdmin, null));
        assertEquals(5, first.get("total").asInt());
        assertEquals(2, first.get("items").size());
        String cursor = first.get("nextCursor").asText();
        JsonNode second = json(send("GET", "/orgs/acme/teams?limit=2&text=page-&cursor=" + cursor, acmeAdmin, null));
        assertNotEquals(first.get("items").get(0).get("id"), second.get("items").get(0).get("id"));
        HttpResponse<String> bad = send("GET", "/orgs/acme/teams?limit=100000", acmeAdmin, null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), json(bad).get("detail").asText().contains("1 to 500"));
        assertEquals(400, send("GET", "/orgs/acme/members?role=KING", acmeAdmin, null).statusCode());
    }

    @Test
    public void signingKeysRotateForStudioAdminsOnlyAndOldTokensStayValid() throws Exception {
        HttpResponse<String> jwks = send("GET", "/auth/jwks.json", null, null);
        assertEquals(200, jwks.statusCode());
        assertEquals(1, json(jwks).get("keys").size());
        assertFalse("no private part", json(jwks).get("keys").get(0).has("d"));
        assertEquals(403, send("POST", "/auth/signing-keys/rotate", acmeAdmin, null).statusCode());
        String oldToken = login("default", "root@studio.test");
        HttpResponse<String> rotated = send("POST", "/auth/signing-keys/rotate", oldToken, null);
        assertEquals(rotated.body(), 200, rotated.statusCode());
        assertEquals(2, json(send("GET", "/auth/jwks.json", null, null)).get("keys").size());
        assertEquals(200, send("GET", "/me", oldToken, null).statusCode());
        assertEquals(200, send("GET", "/me", login("default", "root@studio.test"), null).statusCode());
    }
}
