package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.admin.PluginAdmin;
import io.coditect.studio.api.admin.PluginConfiguration;
import io.coditect.studio.api.admin.PluginInfo;
import io.coditect.studio.api.admin.PluginInstance;
import io.coditect.studio.api.admin.PluginKind;
import io.coditect.studio.api.admin.PluginSource;
import io.coditect.studio.api.admin.PluginState;
import io.coditect.studio.api.admin.SpiImport;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.usage.UsageService;

/**
 * {@code /api/v1/admin/plugins} over real HTTP on CXF against a recording fake of the service:
 * bodies become the right {@link PluginSource}, answers the right views and status codes, and the
 * service's refusals problem documents.
 */
public class PluginAdminApiTest {

    /** One recorded call: the method, and its arguments after the caller (a jar's bytes read out). */
    record Call(String method, Caller caller, List<Object> args) {
    }

    static final List<Call> CALLS = Collections.synchronizedList(new ArrayList<>());
    /** What the fake throws for the next call, if anything. */
    static final AtomicReference<RuntimeException> FAILURE = new AtomicReference<>();
    static final AtomicReference<PluginAdmin> REGISTERED = new AtomicReference<>();

    static final PluginInfo PLUGIN = new PluginInfo(42, "io.coditect.studio.example.provider", "1.0.0",
            PluginKind.PROVIDER, PluginState.ACTIVE, Instant.parse("2026-11-25T09:00:00Z"),
            Instant.parse("2026-11-25T08:59:59Z"), "studio-plugin:upload/x/1", "upload",
            List.of(new PluginInstance("upper-1", "Echo upper", Health.up())),
            List.of(new SpiImport("io.coditect.studio.api.llm", "[1.0.0,2.0.0)", "1.0.0")),
            List.of(new PluginConfiguration("io.coditect.studio.example.provider~upper-1",
                    "io.coditect.studio.example.provider", Map.of("id", "upper-1", "apiKey", PluginConfiguration.MASK))),
            Health.up());

    static final PluginAdmin FAKE = (PluginAdmin) Proxy.newProxyInstance(PluginAdmin.class.getClassLoader(),
            new Class<?>[] {PluginAdmin.class}, (proxy, method, args) -> {
                Caller caller = (Caller) args[0];
                if (!caller.studioAdmin()) {
                    throw new AccessDeniedException("Plugin administration needs a studio administrator.");
                }
                List<Object> rest = new ArrayList<>();
                for (int i = 1; i < args.length; i++) {
                    rest.add(args[i] instanceof PluginSource.Jar j ? read(j.content()) : args[i]);
                }
                CALLS.add(new Call(method.getName(), caller, rest));
                RuntimeException failure = FAILURE.getAndSet(null);
                if (failure != null) {
                    throw failure;
                }
                return switch (method.getName()) {
                    case "list", "install" -> List.of(PLUGIN);
                    case "get", "update", "start", "stop" -> PLUGIN;
                    case "configurations" -> PLUGIN.configurations();
                    case "createConfiguration", "updateConfiguration" -> PLUGIN.configurations().get(0);
                    default -> null;
                };
            });

    static Server server;
    static String base;

    @BeforeClass
    public static void start() throws Exception {
        String root = ApiServerTest.freeRoot();
        base = root + "/v1/admin/plugins";
        REGISTERED.set(FAKE);
        server = ApiServerFactory.start(BusFactory.getDefaultBus(), root, new ApiServices(ApiServerTest.PROVIDERS,
                ApiServerTest.STORAGE, ApiServerTest.SANDBOXES, ApiServerTest.ROUTER, ApiServerTest.TOKENS,
                ApiServerTest.unused(TenancyService.class), ApiServerTest.unused(ApiKeyService.class),
                ApiServerTest.unused(SsoLogin.class), ApiServerTest.unused(SigningKeys.class),
                ApiServerTest.unused(UsageService.class), caller -> { }, ApiServerTest.noSessions(),
                ApiServerTest.unused(SessionEvents.class), ApiServerTest.unused(ChatService.class), REGISTERED::get));
    }

    @AfterClass
    public static void stop() {
        server.destroy();
    }

    @Before
    public void reset() {
        CALLS.clear();
        FAILURE.set(null);
        REGISTERED.set(FAKE);
    }

    private static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    static HttpResponse<String> send(String method, String path, String type, byte[] body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        if (type != null) {
            b.header("Content-Type", type);
        }
        return ApiServerTest.HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> json(String method, String path, String json) throws Exception {
        return send(method, path, "application/json", json.getBytes(StandardCharsets.UTF_8), "admin-token");
    }

    private static Call only() {
        assertEquals(CALLS.toString(), 1, CALLS.size());
        return CALLS.get(0);
    }

    @Test
    public void listShowsEachPluginWithItsSpiConfigurationsAndHealth() throws Exception {
        HttpResponse<String> r = send("GET", "", null, null, "admin-token");
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode p = ApiServerTest.JSON.readTree(r.body()).get(0);
        assertEquals(42, p.get("bundleId").asLong());
        assertEquals("PROVIDER", p.get("kind").asText());
        assertEquals("ACTIVE", p.get("state").asText());
        assertEquals("UP", p.get("status").asText());
        assertEquals("2026-11-25T09:00:00Z", p.get("startedAt").asText());
        assertEquals("upper-1", p.get("instances").get(0).get("id").asText());
        assertEquals("[1.0.0,2.0.0)", p.get("spi").get(0).get("versionRange").asText());
        assertEquals(PluginConfiguration.MASK, p.get("configurations").get(0).get("properties").get("apiKey").asText());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("list", only().method());
    }

    @Test
    public void aJarBodyIsInstalledAsTheUploadedBytes() throws Exception {
        byte[] jar = {'P', 'K', 3, 4, 1, 2, 3};
        for (String type : List.of("application/java-archive", "application/octet-stream")) {
            CALLS.clear();
            HttpResponse<String> r = send("POST", "", type, jar, "admin-token");
            assertEquals(r.body(), 201, r.statusCode());
            assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/api/v1/admin/plugins/42"));
            assertEquals(42, ApiServerTest.JSON.readTree(r.body()).get(0).get("bundleId").asLong());
            Call c = only();
            assertEquals("install", c.method());
            assertArrayEquals(jar, (byte[]) c.args().get(0));
        }
        HttpResponse<String> r = send("POST", "", "text/plain", jar, "admin-token");
        assertEquals(415, r.statusCode());
        assertTrue(r.body(), r.body().contains("application/java-archive"));
    }

    @Test
    public void jsonBodiesNameAFeatureOrAMavenCoordinate() throws Exception {
        assertEquals(201, json("POST", "", "{\"feature\":\"studio-provider-kimi\"}").statusCode());
        assertEquals(new PluginSource.Feature("studio-provider-kimi", null), only().args().get(0));
        CALLS.clear();
        assertEquals(201, json("POST", "", "{\"maven\":\"mvn:g/a/1.0\"}").statusCode());
        assertEquals(new PluginSource.Maven("mvn:g/a/1.0"), only().args().get(0));
        CALLS.clear();
        for (String bad : List.of("{}", "{\"feature\":\"f\",\"maven\":\"mvn:g/a/1\"}", "{\"maven\":\"mvn:g/a/1\","
                + "\"version\":\"2\"}", "{\"jar\":\"x\"}")) {
            HttpResponse<String> r = json("POST", "", bad);
            assertEquals(bad + " " + r.body(), 400, r.statusCode());
            assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        }
        assertTrue(CALLS.isEmpty());
    }

    @Test
    public void updatesTakeAMavenCoordinateOrAJarButNotAFeature() throws Exception {
        HttpResponse<String> r = json("POST", "/42/update", "{\"maven\":\"mvn:g/a/1.1\"}");
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals(List.of(42L, new PluginSource.Maven("mvn:g/a/1.1")), only().args());
        CALLS.clear();
        r = send("POST", "/42/update", "application/java-archive", new byte[] {'P', 'K'}, "admin-token");
        assertEquals(200, r.statusCode());
        assertArrayEquals(new byte[] {'P', 'K'}, (byte[]) only().args().get(1));
        CALLS.clear();
        r = json("POST", "/42/update", "{\"feature\":\"f\"}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body(), r.body().contains("not updated from a feature"));
    }

    @Test
    public void lifecycleAndConfigurationCallsReachTheService() throws Exception {
        assertEquals(200, json("POST", "/42/start", "").statusCode());
        assertEquals(200, json("POST", "/42/stop", "").statusCode());
        assertEquals(204, send("DELETE", "/42", null, null, "admin-token").statusCode());
        assertEquals(200, send("GET", "/42/configurations", null, null, "admin-token").statusCode());
        HttpResponse<String> created = json("POST", "/42/configurations",
                "{\"name\":\"upper-1\",\"properties\":{\"id\":\"upper-1\",\"delayMillis\":5,\"models\":[\"a\"]}}");
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith(
                "/42/configurations/io.coditect.studio.example.provider~upper-1"));
        assertEquals(200, json("PUT", "/42/configurations/io.coditect.studio.example.provider~upper-1",
                "{\"properties\":{\"id\":\"upper-1\",\"apiKey\":\"********\"}}").statusCode());
        assertEquals(204, send("DELETE", "/42/configurations/io.coditect.studio.example.provider~upper-1", null, null,
                "admin-token").statusCode());
        List<String> methods = CALLS.stream().map(Call::method).toList();
        assertEquals(List.of("start", "stop", "uninstall", "configurations", "createConfiguration",
                "updateConfiguration", "deleteConfiguration"), methods);
        assertEquals(java.util.Arrays.asList(42L, null, "upper-1", Map.of("id", "upper-1", "delayMillis", 5, "models", List.of("a"))),
                CALLS.get(4).args());
        assertEquals(Map.of("id", "upper-1", "apiKey", "********"), CALLS.get(5).args().get(2));
        assertEquals(400, json("POST", "/42/configurations", "{\"name\":\"x\"}").statusCode());
    }

    @Test
    public void refusalsOfTheServiceAreProblemDocuments() throws Exception {
        FAILURE.set(StoreException.invalid("x 1.0 does not resolve: it needs io.coditect.studio.api.llm"
                + " [9.0.0,10.0.0) but the studio exports 1.0.0"));
        HttpResponse<String> r = send("POST", "", "application/java-archive", new byte[] {1}, "admin-token");
        assertEquals(400, r.statusCode());
        assertTrue(r.body(), ApiServerTest.JSON.readTree(r.body()).get("detail").asText()
                .contains("[9.0.0,10.0.0) but the studio exports 1.0.0"));
        FAILURE.set(StoreException.notFound("bundle 7 is not a plugin"));
        assertEquals(404, send("GET", "/7", null, null, "admin-token").statusCode());
        FAILURE.set(StoreException.conflict("installed already"));
        assertEquals(409, json("POST", "", "{\"feature\":\"f\"}").statusCode());
        assertEquals(404, send("GET", "/not-a-number", null, null, "admin-token").statusCode());
    }

    @Test
    public void nonAdministratorsAreForbidden() throws Exception {
        HttpResponse<String> r = send("GET", "", null, null, "dev-token");
        assertEquals(403, r.statusCode());
        assertTrue(r.body(), r.body().contains("studio administrator"));
        assertEquals(403, send("POST", "", "application/java-archive", new byte[] {1}, "dev-token").statusCode());
        assertEquals(401, send("GET", "", null, null, "nope").statusCode());
    }

    @Test
    public void withoutPluginAdministrationTheEndpointsAnswer503() throws Exception {
        REGISTERED.set(null);
        HttpResponse<String> r = send("GET", "", null, null, "admin-token");
        assertEquals(503, r.statusCode());
        assertTrue(r.body(), r.body().contains("studio-plugins"));
    }
}
