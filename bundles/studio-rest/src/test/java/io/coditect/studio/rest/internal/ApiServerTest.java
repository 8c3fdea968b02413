package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.CircuitState;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.MoeListener;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.routing.SkipReason;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.usage.UsageService;

/** Runs the real CXF stack on Jetty against registries filled by the test. */
public class ApiServerTest {

    static class ListRegistry<T> {
        final List<PluginDescriptor> descriptors = new ArrayList<>();
        final List<T> plugins = new ArrayList<>();

        public List<PluginDescriptor> describe() {
            return List.copyOf(descriptors);
        }

        public List<T> all() {
            return List.copyOf(plugins);
        }

        public Instant since() {
            return Instant.EPOCH;
        }
    }

    static final class Providers extends ListRegistry<LlmProvider> implements ProviderRegistry {
        @Override
        public Optional<LlmProvider> get(String id) {
            return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
        }
    }

    static final class Storages extends ListRegistry<StorageBackend> implements StorageRegistry {
        @Override
        public Optional<StorageBackend> get(String id) {
            return Optional.empty();
        }
    }

    static final class Sandboxes extends ListRegistry<SandboxDriver> implements SandboxRegistry {
        @Override
        public Optional<SandboxDriver> get(String id) {
            return Optional.empty();
        }
    }

    static final Providers PROVIDERS = new Providers();
    static final Storages STORAGE = new Storages();
    static final Sandboxes SANDBOXES = new Sandboxes();
    /** Explains a request by listing every provider model, skipping those without the task's capability. */
    static final LlmRouter ROUTER = new LlmRouter() {
        @Override
        public StreamHandle stream(RoutedRequest request, RouteListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RouteDecision explain(RoutedRequest request) {
            List<RouteDecision.Candidate> candidates = new ArrayList<>();
            for (LlmProvider p : PROVIDERS.all()) {
                for (ModelInfo m : p.models()) {
                    boolean ok = m.supports(request.task().capability());
                    candidates.add(new RouteDecision.Candidate(ModelRef.of(p.id(), m.id()), m, p.offline(), Health.up(),
                            CircuitState.CLOSED, java.math.BigDecimal.ZERO, ok ? null : SkipReason.MISSING_CAPABILITY,
                            ok ? "" : "lacks " + request.task().capability()));
                }
            }
            return new RouteDecision(request.requestId(), java.util.Set.of(request.task().capability()), 3, candidates);
        }

        @Override
        public List<ProviderState> states() {
            return List.of();
        }

        @Override
        public MoeHandle fanOut(RoutedRequest request, List<ModelRef> targets, MoeListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamHandle merge(RoutedRequest request, List<MoeAnswer> answers, RouteListener listener) {
            throw new UnsupportedOperationException();
        }
    };

    /** Two fixed bearer tokens: a studio administrator and a developer of team 'web'. */
    static final Authenticator TOKENS = new Authenticator() {
        @Override
        public Caller authenticate(String credential, String sourceAddress) {
            return switch (credential) {
                case "admin-token" -> Caller.system("default");
                case "dev-token" -> new Caller("acme", "dev", Credential.PASSWORD, "s1", null,
                        Map.of("web", Role.DEVELOPER), Set.of(), false, sourceAddress);
                default -> throw new AuthenticationException(AuthenticationException.Reason.INVALID, "bad token");
            };
        }

        @Override
        public TokenPair login(String orgId, String email, char[] password, String sourceAddress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TokenPair refresh(String refreshToken, String sourceAddress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void logout(Caller caller) {
            throw new UnsupportedOperationException();
        }
    };

    static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
        }));
    }

    /** Sessions are tested in Karaf (SessionIT); here only the health report's pool list is read. */
    static SessionService noSessions() {
        return (SessionService) Proxy.newProxyInstance(SessionService.class.getClassLoader(),
                new Class<?>[] {SessionService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pools")) {
                        return List.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static Server server;
    static String base;

    /** Where a test's API server answers: {@code /api} on a free port of 127.0.0.1. */
    static String freeRoot() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/api";
        }
    }

    @BeforeClass
    public static void start() throws Exception {
        String root = freeRoot();
        base = root + "/v1";
        server = ApiServerFactory.start(BusFactory.getDefaultBus(), root,
                new ApiServices(PROVIDERS, STORAGE, SANDBOXES, ROUTER, TOKENS, unused(TenancyService.class),
                        unused(ApiKeyService.class), unused(SsoLogin.class), unused(SigningKeys.class),
                        unused(UsageService.class), caller -> { }, noSessions(), unused(SessionEvents.class),
                        unused(ChatService.class)));
    }

    @AfterClass
    public static void stop() {
        server.destroy();
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer admin-token")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, json, "admin-token");
    }

    private static HttpResponse<String> post(String path, String json, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void protectedPathsNeedACredentialAndPublicOnesDoNot() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/providers")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(r.body(), JSON.readTree(r.body()).get("detail").asText().contains("/api/v1/auth/login"));

        r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/providers")).header("Authorization", "Bearer nope")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));

        r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/providers")).header("Authorization", "Basic eDp5")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());

        // 503 only says no plugin of some kind is registered here; what matters is that no credential was asked
        r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body(), r.body().contains("\"components\""));
        r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("no-store", call("GET", "/providers").headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    public void onlyStudioAdministratorsTestProviders() throws Exception {
        HttpResponse<String> r = post("/providers/offline/test", "{}", "dev-token");
        assertEquals(403, r.statusCode());
        assertTrue(r.body(), JSON.readTree(r.body()).get("detail").asText().contains("studio administrator"));
    }

    @Test
    public void providerTestReportsTheAnswerOrTheTypedError() throws Exception {
        synchronized (ApiServerTest.class) {
            PROVIDERS.plugins.clear();
            PROVIDERS.plugins.add(provider("offline"));
            HttpResponse<String> r = post("/providers/offline/test", "{}");
            assertEquals(r.body(), 200, r.statusCode());
            JsonNode result = JSON.readTree(r.body());
            assertTrue(result.get("ok").asBoolean());
            assertEquals("m1", result.get("model").asText());
            assertEquals("OK", result.get("text").asText());
            assertEquals("END_TURN", result.get("stopReason").asText());

            r = post("/providers/offline/test", "{\"model\":\"nope\"}");
            result = JSON.readTree(r.body());
            assertFalse(result.get("ok").asBoolean());
            assertEquals("BAD_REQUEST", result.get("errorKind").asText());

            r = post("/providers/missing/test", "{}");
            assertEquals(404, r.statusCode());
            assertTrue(r.body(), JSON.readTree(r.body()).get("detail").asText().contains("no provider 'missing'"));

            r = post("/providers/offline/test", "{\"modle\":\"m1\"}");
            assertEquals(400, r.statusCode());
            assertTrue(r.body(), JSON.readTree(r.body()).get("detail").asText().contains("unknown field 'modle'"));

            r = post("/providers/offline/test", "{\"model\":");
            assertEquals(400, r.statusCode());
            assertEquals(400, JSON.readTree(r.body()).get("status").asInt());
        }
    }

    private static LlmProvider provider(String id) {
        return new LlmProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String displayName() {
                return id;
            }

            @Override
            public List<ModelInfo> models() {
                return List.of(new ModelInfo("m1", "Model 1", java.util.Set.of(io.coditect.studio.api.llm.Capability.CHAT),
                        1000, java.math.BigDecimal.ONE, java.math.BigDecimal.TEN));
            }

            @Override
            public boolean offline() {
                return true;
            }

            @Override
            public StreamHandle stream(ChatRequest request, ChatListener listener) {
                if (!request.model().equals("m1")) {
                    throw new ProviderException(ProviderException.Kind.BAD_REQUEST, id, "unknown model " + request.model());
                }
                listener.onStart(new ResponseInfo(id, "m1", true));
                listener.onTextDelta("O");
                listener.onTextDelta("K");
                listener.onUsage(Usage.of(5, 1));
                listener.onComplete(StopReason.END_TURN);
                return () -> {
                };
            }
        };
    }

    private static PluginDescriptor descriptor(String id, String kind, Health health) {
        return new PluginDescriptor(id, id, kind, "b", "1", 1, Instant.EPOCH, health);
    }

    @Test
    public void healthIsDownWithoutPluginsAndUpWithThem() throws Exception {
        synchronized (ApiServerTest.class) {
            PROVIDERS.descriptors.clear();
            STORAGE.descriptors.clear();
            SANDBOXES.descriptors.clear();
            HttpResponse<String> r = call("GET", "/health");
            assertEquals(503, r.statusCode());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("DOWN", body.get("status").asText());
            assertTrue(r.body().contains("no provider plugin is installed"));

            PROVIDERS.descriptors.add(descriptor("offline", "provider", Health.up()));
            STORAGE.descriptors.add(descriptor("local", "storage", Health.up()));
            SANDBOXES.descriptors.add(descriptor("process", "sandbox", Health.down("bubblewrap is not installed")));
            r = call("GET", "/health");
            assertEquals(503, r.statusCode());

            SANDBOXES.descriptors.add(descriptor("docker", "sandbox", Health.up()));
            r = call("GET", "/health");
            assertEquals(200, r.statusCode());
            assertEquals("DEGRADED", JSON.readTree(r.body()).get("status").asText());

            SANDBOXES.descriptors.remove(0);
            r = call("GET", "/health");
            assertEquals("UP", JSON.readTree(r.body()).get("status").asText());
            assertEquals(4, JSON.readTree(r.body()).get("components").size());
        }
    }

    @Test
    public void providersAreListedWithModels() throws Exception {
        synchronized (ApiServerTest.class) {
            PROVIDERS.descriptors.clear();
            PROVIDERS.plugins.clear();
            PROVIDERS.plugins.add(provider("offline"));
            PROVIDERS.descriptors.add(descriptor("offline", "provider", Health.up()));
            HttpResponse<String> r = call("GET", "/providers");
            assertEquals(200, r.statusCode());
            JsonNode p = JSON.readTree(r.body()).get(0);
            assertEquals("offline", p.get("id").asText());
            assertTrue(p.get("details").get("offline").asBoolean());
            assertEquals("m1", p.get("details").get("models").get(0).get("id").asText());
            assertEquals("10", p.get("details").get("models").get(0).get("outputPricePerMTok").asText());
        }
    }

    @Test
    public void routerExplainsItsChoiceAndRejectsUnknownTasks() throws Exception {
        synchronized (ApiServerTest.class) {
            PROVIDERS.plugins.clear();
            PROVIDERS.plugins.add(provider("offline"));
            HttpResponse<String> r = post("/router/explain", "{\"task\":\"vision\",\"prompt\":\"look\"}");
            assertEquals(r.body(), 200, r.statusCode());
            JsonNode c = JSON.readTree(r.body()).get("candidates").get(0);
            assertEquals("offline", c.get("provider").asText());
            assertFalse(c.get("tried").asBoolean());
            assertEquals("MISSING_CAPABILITY", c.get("skipped").asText());

            r = post("/router/explain", "{\"task\":\"painting\"}");
            assertEquals(400, r.statusCode());
            assertTrue(r.body(), JSON.readTree(r.body()).get("detail").asText().contains("'task' must be one of [CHAT"));
            assertEquals(200, call("GET", "/router/states").statusCode());
        }
    }

    @Test
    public void unknownPathIsAProblemDocument() throws Exception {
        HttpResponse<String> r = call("GET", "/nope");
        assertEquals(404, r.statusCode());
        assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode body = JSON.readTree(r.body());
        assertEquals(404, body.get("status").asInt());
        assertTrue(body.get("detail").asText().contains("openapi.json"));
    }

    @Test
    public void pathsOutsideTheVersionedApiAreProblemDocumentsToo() throws Exception {
        for (String path : List.of("/../v2/health", "/../nope", "/../")) {
            HttpResponse<String> r = call("GET", path);
            assertEquals(path, 404, r.statusCode());
            assertEquals(path, 404, JSON.readTree(r.body()).get("status").asInt());
        }
        assertEquals(404, call("POST", "/../v0/sessions").statusCode());
    }

    @Test
    public void wrongMethodIsAProblemDocumentThatNamesTheAllowedOnes() throws Exception {
        HttpResponse<String> r = call("DELETE", "/health");
        assertEquals(405, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.get("detail").asText(), body.get("detail").asText().contains("GET"));
        assertTrue(r.headers().firstValue("Allow").orElse("").contains("GET"));
    }

    @Test
    public void openApiDocumentListsEveryResource() throws Exception {
        HttpResponse<String> r = call("GET", "/openapi.json");
        assertEquals(200, r.statusCode());
        JsonNode doc = JSON.readTree(r.body());
        assertEquals("CODITECT Studio API", doc.get("info").get("title").asText());
        for (String path : List.of("/v1/health", "/v1/providers", "/v1/providers/{id}/test", "/v1/storage-backends",
                "/v1/sandbox-drivers", "/v1/router/explain", "/v1/router/states",
                "/v1/orgs/{org}/sessions/{session}/messages", "/v1/orgs/{org}/sessions/{session}/turns/{turn}/cancel",
                "/v1/orgs/{org}/sessions/{session}/approvals/{approval}",
                "/v1/orgs/{org}/sessions/{session}/conversation",
                "/v1/orgs/{org}/sessions/{session}/conversation/export", "/v1/orgs/{org}/sessions/{session}/resume",
                "/v1/orgs/{org}/sessions/{session}/events", "/v1/orgs/{org}/conversations",
                "/v1/orgs/{org}/conversations/search", "/v1/chat", "/v1/chat/{session}/stream", "/v1/admin/plugins",
                "/v1/admin/plugins/{bundleId}", "/v1/admin/plugins/{bundleId}/update", "/v1/admin/plugins/{bundleId}/start",
                "/v1/admin/plugins/{bundleId}/stop", "/v1/admin/plugins/{bundleId}/configurations",
                "/v1/admin/plugins/{bundleId}/configurations/{pid}")) {
            assertTrue("missing " + path, doc.get("paths").has(path));
        }
        assertTrue(doc.get("components").get("schemas").has("Problem"));
        assertTrue(doc.get("components").get("schemas").has("SessionEvent"));
    }
}
