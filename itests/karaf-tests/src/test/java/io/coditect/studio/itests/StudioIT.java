package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.sandbox.SandboxSpec;

/** The foundation, end to end inside the studio's own assembly. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StudioIT extends StudioTestSupport {

    @Inject
    ProviderRegistry providers;

    @Inject
    SandboxRegistry sandboxes;

    @Test
    public void healthIsUpWithTheEmbeddedDefaults() throws Exception {
        assertTrue("health never became UP: " + get("/health").body(),
                eventually(Duration.ofSeconds(60), () -> status("/health").equals("UP")));
        JsonNode health = getJson("/health");
        List<String> components = new ArrayList<>();
        health.get("components").forEach(c -> components.add(c.get("kind").asText() + ":" + c.get("name").asText()));
        assertTrue(components.toString(), components.containsAll(
                List.of("core:core", "provider:offline", "storage:local", "sandbox:process")));
        HttpResponse<String> page = get("/../../");
        assertEquals(200, page.statusCode());
        assertTrue(page.body(), page.body().contains("<title>CODITECT Studio</title>"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        // the Vite build's hashed entry script, cached for good
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"")
                .matcher(page.body());
        assertTrue(page.body(), script.find());
        HttpResponse<String> asset = get("/../.." + script.group(1));
        assertEquals(200, asset.statusCode());
        assertTrue(asset.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
        assertEquals(404, get("/../../nope.html").statusCode());
        JsonNode openApi = getJson("/openapi.json");
        assertTrue(openApi.get("paths").has("/v1/providers"));
    }

    @Test
    public void shellCommandsListThePlugins() throws Exception {
        String plugins = executeCommand("studio:plugins");
        for (String id : List.of("offline", "local", "process")) {
            assertTrue(plugins, plugins.contains(id));
        }
        String providersTable = executeCommand("studio:providers");
        assertTrue(providersTable, providersTable.contains("offline-echo"));
        String route = executeCommand("studio:route --task vision look at this");
        assertTrue(route, route.contains("offline/offline-echo") && route.contains("MISSING_CAPABILITY"));
    }

    @Test
    public void errorsAreProblemDocuments() throws Exception {
        HttpResponse<String> r = get("/no-such-thing");
        assertEquals(404, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(404, JSON.readTree(r.body()).get("status").asInt());
        HttpResponse<String> otherVersion = get("/../v2/health");
        assertEquals(404, otherVersion.statusCode());
        assertEquals(404, JSON.readTree(otherVersion.body()).get("status").asInt());
    }

    @Test
    public void providerDroppedIntoDeployIsListedAndGoneWhenRemovedWithoutRestartingTheCore() throws Exception {
        Bundle core = bundle("io.coditect.studio.core");
        long coreId = core.getBundleId();
        long coreModified = core.getLastModified();
        String coreSince = getJson("/health").get("coreSince").asText();

        Path jar = Paths.get(System.getProperty("studio.test.provider.jar"));
        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "itest-provider.jar");
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        try {
            assertTrue("hot-deployed provider was never listed: " + get("/providers").body(),
                    eventually(Duration.ofSeconds(30), () -> providerIds().contains("itest-echo")));
            assertTrue(providerIds().contains("offline"));
        } finally {
            Files.delete(deployed);
        }
        assertTrue("removed provider is still listed: " + get("/providers").body(),
                eventually(Duration.ofSeconds(30), () -> !providerIds().contains("itest-echo")));

        Bundle coreAfter = bundle("io.coditect.studio.core");
        assertEquals(coreId, coreAfter.getBundleId());
        assertEquals(coreModified, coreAfter.getLastModified());
        assertEquals(Bundle.ACTIVE, coreAfter.getState());
        assertEquals(coreSince, getJson("/health").get("coreSince").asText());
    }

    @Test
    public void offlineProviderStreamsTokenByToken() throws Exception {
        LlmProvider offline = providers.get("offline").orElseThrow();
        assertTrue(offline.offline());
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<StopReason> done = new CompletableFuture<>();
        offline.stream(ChatRequest.of(offline.models().get(0).id(), List.of(ChatMessage.user("hello studio"))),
                new ChatListener() {
                    @Override
                    public void onStart(ResponseInfo info) {
                        events.add("start offline=" + info.offline());
                    }

                    @Override
                    public void onTextDelta(String text) {
                        events.add("delta:" + text);
                    }

                    @Override
                    public void onToolCallStart(int index, String callId, String toolName) {
                        events.add("tool");
                    }

                    @Override
                    public void onToolCallDelta(int index, String argumentsJsonFragment) {
                    }

                    @Override
                    public void onToolCallEnd(int index) {
                    }

                    @Override
                    public void onUsage(Usage usage) {
                        events.add("usage");
                    }

                    @Override
                    public void onComplete(StopReason reason) {
                        done.complete(reason);
                    }

                    @Override
                    public void onError(ProviderException error) {
                        done.completeExceptionally(error);
                    }
                });
        assertEquals(StopReason.END_TURN, done.get(60, TimeUnit.SECONDS));
        assertEquals("start offline=true", events.get(0));
        long deltas = events.stream().filter(e -> e.startsWith("delta:")).count();
        assertTrue("expected a stream of several deltas, got " + events, deltas > 3);
        assertTrue(events.contains("usage"));
    }

    @Test
    public void processSandboxRunsEchoAndEnforcesAMemoryLimit() throws Exception {
        SandboxDriver driver = sandboxes.get("process").orElseThrow();
        Path workspace = Files.createTempDirectory("itest-ws");
        try (Sandbox sandbox = driver.create(SandboxSpec.of(workspace,
                ResourceLimits.DEFAULT.withMemoryBytes(64L * 1024 * 1024)))) {
            Output echo = run(sandbox, ExecRequest.of("echo", "hello from the sandbox"));
            assertEquals(ExecResult.Termination.EXITED, echo.result.termination());
            assertEquals(0, echo.result.exitCode());
            assertEquals("hello from the sandbox\n", echo.stdout());

            Output hog = run(sandbox, ExecRequest.of("perl", "-e",
                    "$x = 'a' x (256*1024*1024); print length $x"));
            assertEquals(hog.result.toString(), ExecResult.Termination.OUT_OF_MEMORY, hog.result.termination());
            assertFalse(hog.result.succeeded());
            assertTrue(hog.result.message(), hog.result.message().contains("memory"));
        }
    }

    private record Output(ExecResult result, ByteArrayOutputStream out) {
        String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static Output run(Sandbox sandbox, ExecRequest request) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<ExecResult> done = new CompletableFuture<>();
        sandbox.exec(request.withTimeout(Duration.ofSeconds(60)), new ExecListener() {
            @Override
            public void onOutput(Stream stream, byte[] chunk) {
                if (stream == Stream.STDOUT) {
                    synchronized (out) {
                        out.writeBytes(chunk);
                    }
                }
            }

            @Override
            public void onExit(ExecResult result) {
                done.complete(result);
            }
        });
        return new Output(done.get(90, TimeUnit.SECONDS), out);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private String status(String path) {
        try {
            JsonNode n = getJson(path).get("status");
            return n == null ? "" : n.asText();
        } catch (Exception e) {
            return "";
        }
    }

    private List<String> providerIds() {
        try {
            List<String> ids = new ArrayList<>();
            getJson("/providers").forEach(p -> ids.add(p.get("id").asText()));
            return ids;
        } catch (Exception e) {
            return List.of();
        }
    }

}
