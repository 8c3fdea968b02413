package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.HttpService;

import com.fasterxml.jackson.databind.JsonNode;

import io.coditect.studio.api.admin.PluginAdmin;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.routing.LlmRouter;

/**
 * Issue 8 in the assembly: the SDK's example plugin is uploaded, configured, used, updated and
 * removed over REST while another provider streams, and nothing else in the studio is refreshed,
 * restarted or disturbed; a plugin built for another SPI major version is refused with the package
 * and versions named; signatures, when required, are checked; only studio administrators get in.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginAdminIT extends StudioTestSupport {

    private static final String EXAMPLE = "io.coditect.studio.example.provider";
    private static final String PLUGINS = "/admin/plugins";

    @Inject
    HttpService http;

    @Inject
    LlmRouter router;

    @Inject
    ProviderRegistry providers;

    @Configuration
    @Override
    public Option[] config() {
        return OptionUtils.combine(super.config(), editConfigurationFilePut("etc/system.properties",
                "studio.example.provider.jar", System.getProperty("studio.example.provider.jar")));
    }

    @Test
    public void examplePluginComesAndGoesWhileAnotherProviderStreamsAndNothingElseMoves() throws Exception {
        FakeChatCompletions slow = new FakeChatCompletions();
        slow.pieceDelayMillis = 150;
        http.registerServlet("/fake-slow/v1", slow, new Hashtable<>(Map.of("servlet-name", "fake-slow")), null);
        ExecutorService lanes = Executors.newFixedThreadPool(10);
        try {
            // the other provider, installed and configured through the same API
            HttpResponse<String> feature = post(PLUGINS, "{\"feature\":\"studio-provider-openai-compatible\"}");
            assertEquals(feature.body(), 201, feature.statusCode());
            long compatible = JSON.readTree(feature.body()).get(0).get("bundleId").asLong();
            assertEquals("PROVIDER", JSON.readTree(feature.body()).get(0).get("kind").asText());
            HttpResponse<String> slowConfig = post(PLUGINS + "/" + compatible + "/configurations", "{\"name\":\"slow\","
                    + "\"properties\":{\"id\":\"slow\",\"baseUrl\":\"http://127.0.0.1:" + getHttpPort()
                    + "/fake-slow/v1\",\"models\":[\"fake-model|Fake model|CHAT|8192||\"]}}");
            assertEquals(slowConfig.body(), 201, slowConfig.statusCode());
            assertTrue(eventually(Duration.ofSeconds(30), () -> providers.get("slow").isPresent()));

            Map<Long, String> bundlesBefore = bundles();
            Map<Long, String> pluginsBefore = pluginTimes();
            String coreSince = getJson("/health").get("coreSince").asText();
            List<String> otherEvents = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger refreshes = new AtomicInteger();
            BundleListener watcher = e -> {
                if (!EXAMPLE.equals(e.getBundle().getSymbolicName())) {
                    otherEvents.add(e.getBundle().getSymbolicName() + " " + e.getType());
                }
            };
            FrameworkListener refreshed = e -> {
                if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                    refreshes.incrementAndGet();
                }
            };
            bundleContext.addBundleListener(watcher);
            bundleContext.addFrameworkListener(refreshed);

            // ten streams at a time on the slow provider, for as long as the plugin's life lasts
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger completed = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            for (int lane = 0; lane < 10; lane++) {
                int l = lane;
                lanes.execute(() -> {
                    for (int i = 0; running.get(); i++) {
                        RoutedAnswer.Outcome o = route("slow", "lane " + l + " request " + i).join();
                        if (o.error() != null || o.reason() != StopReason.END_TURN || !"slow".equals(o.provider())) {
                            failures.add(o.toString());
                        } else {
                            completed.incrementAndGet();
                        }
                    }
                });
            }
            Thread.sleep(500);

            // upload the SDK's example plugin, as a third party would
            byte[] jar = Files.readAllBytes(Paths.get(System.getProperty("studio.example.provider.jar")));
            HttpResponse<String> uploaded = send("POST", PLUGINS, "application/java-archive", jar);
            assertEquals(uploaded.body(), 201, uploaded.statusCode());
            JsonNode plugin = JSON.readTree(uploaded.body()).get(0);
            long id = plugin.get("bundleId").asLong();
            assertEquals(EXAMPLE, plugin.get("symbolicName").asText());
            assertEquals("1.0.0", plugin.get("version").asText());
            assertEquals("PROVIDER", plugin.get("kind").asText());
            assertEquals("ACTIVE", plugin.get("state").asText());
            assertEquals("upload", plugin.get("source").asText());
            assertEquals("DEGRADED", plugin.get("status").asText());
            assertTrue(plugin.toString(), plugin.get("spi").toString().contains(
                    "{\"packageName\":\"io.coditect.studio.api.llm\",\"versionRange\":\"[1.0.0,2.0.0)\",\"wiredVersion\":\"1.0.0\"}"));
            assertEquals(409, send("POST", PLUGINS, "application/java-archive", jar).statusCode());

            // configure an instance; its secret is never shown again
            HttpResponse<String> configured = post(PLUGINS + "/" + id + "/configurations", "{\"name\":\"upper-1\","
                    + "\"properties\":{\"id\":\"upper-1\",\"delayMillis\":20,\".apiKey\":\"not-a-real-key\"}}");
            assertEquals(configured.body(), 201, configured.statusCode());
            String pid = JSON.readTree(configured.body()).get("pid").asText();
            assertEquals(EXAMPLE + "~upper-1", pid);
            assertFalse(configured.body(), configured.body().contains("not-a-real-key"));
            assertEquals("********", JSON.readTree(configured.body()).get("properties").get(".apiKey").asText());
            assertTrue(eventually(Duration.ofSeconds(10), () -> providers.get("upper-1").isPresent()));
            RoutedAnswer.Outcome answer = route("upper-1", "hello plugin world").get(30, TimeUnit.SECONDS);
            assertEquals(answer.toString(), "upper-1", answer.provider());
            assertEquals(answer.toString(), "HELLO PLUGIN WORLD", answer.text());
            JsonNode listed = getJson(PLUGINS + "/" + id);
            assertEquals("upper-1", listed.get("instances").get(0).get("id").asText());
            assertEquals("UP", listed.get("status").asText());

            // an edit that sends the mask back keeps the stored secret; the instance is re-created with it
            Object before = providers.get("upper-1").orElseThrow();
            HttpResponse<String> edited = send("PUT", PLUGINS + "/" + id + "/configurations/" + pid, "application/json",
                    ("{\"properties\":{\"id\":\"upper-1\",\"delayMillis\":300,\".apiKey\":\"********\"}}").getBytes());
            assertEquals(edited.body(), 200, edited.statusCode());
            assertEquals("not-a-real-key", configurationAdmin.getConfiguration(pid, "?").getProperties().get(".apiKey"));
            assertTrue(eventually(Duration.ofSeconds(10),
                    () -> providers.get("upper-1").filter(p -> p != before).isPresent()));

            // update to 1.1.0 while one of its answers is under way: that answer ends with a clear error
            CompletableFuture<RoutedAnswer.Outcome> inFlight = route("upper-1",
                    "one two three four five six seven eight nine ten");
            Thread.sleep(700);
            Path v11 = PluginJars.withHeaders(Paths.get(System.getProperty("studio.example.provider.jar")),
                    Files.createTempFile("example-1.1.0-", ".jar"), Map.of("Bundle-Version", "1.1.0"));
            HttpResponse<String> updated = send("POST", PLUGINS + "/" + id + "/update", "application/java-archive",
                    Files.readAllBytes(v11));
            assertEquals(updated.body(), 200, updated.statusCode());
            assertEquals("1.1.0", JSON.readTree(updated.body()).get("version").asText());
            assertEquals(id, JSON.readTree(updated.body()).get("bundleId").asLong());
            RoutedAnswer.Outcome cut = inFlight.get(10, TimeUnit.SECONDS);
            assertNotNull(cut.toString(), cut.error());
            assertTrue(cut.toString(), cut.error().getMessage().contains("upper-1"));
            assertTrue(eventually(Duration.ofSeconds(10), () -> providers.get("upper-1").isPresent()));
            RoutedAnswer.Outcome again = route("upper-1", "hello again").get(30, TimeUnit.SECONDS);
            assertEquals(again.toString(), "HELLO AGAIN", again.text());

            // remove the instance, then the plugin
            assertEquals(204, send("DELETE", PLUGINS + "/" + id + "/configurations/" + pid, null, null).statusCode());
            assertTrue(eventually(Duration.ofSeconds(10), () -> providers.get("upper-1").isEmpty()));
            assertEquals(204, send("DELETE", PLUGINS + "/" + id, null, null).statusCode());
            assertEquals(404, get(PLUGINS + "/" + id).statusCode());
            assertEquals(null, bundleContext.getBundle(id));

            Thread.sleep(500);
            running.set(false);
            lanes.shutdown();
            assertTrue(lanes.awaitTermination(60, TimeUnit.SECONDS));
            assertEquals("streams on the other provider failed: " + failures, List.of(), failures);
            assertTrue("too few streams ran: " + completed, completed.get() >= 20);

            // nothing else moved: same bundles, ids, states and times; no bundle event; no refresh
            bundleContext.removeBundleListener(watcher);
            bundleContext.removeFrameworkListener(refreshed);
            assertEquals(List.of(), otherEvents);
            // Felix drops the old revision of a bundle nobody is wired to by refreshing that bundle alone,
            // once for the update and once for the uninstall; that no other bundle saw any event above
            // shows those refreshes touched the plugin only
            assertTrue("refreshes: " + refreshes, refreshes.get() <= 2);
            assertEquals(bundlesBefore, bundles());
            assertEquals(pluginsBefore, pluginTimes());
            assertEquals(coreSince, getJson("/health").get("coreSince").asText());

            JsonNode audit = getJson("/orgs/default/audit-events?action=plugin&limit=100");
            String actions = audit.get("items").toString();
            for (String action : List.of("plugin.install", "plugin.config.create", "plugin.config.update",
                    "plugin.update", "plugin.config.delete", "plugin.uninstall")) {
                assertTrue(action + " not audited: " + actions, actions.contains("\"action\":\"" + action + "\""));
            }
        } finally {
            lanes.shutdownNow();
            http.unregister("/fake-slow/v1");
        }
    }

    @Test
    public void aPluginForAnotherSpiVersionIsRefusedWithThePackageAndVersionsAndNothingChanges() throws Exception {
        Path broken = PluginJars.withHeaders(Paths.get(System.getProperty("studio.example.provider.jar")),
                Files.createTempFile("broken-", ".jar"), Map.of("Bundle-SymbolicName", "io.coditect.studio.itests.broken",
                        "Import-Package", "io.coditect.studio.api;version=\"[1.0,2)\","
                                + "io.coditect.studio.api.llm;version=\"[9.0,10)\""));
        Map<Long, String> before = bundles();
        HttpResponse<String> r = send("POST", PLUGINS, "application/java-archive", Files.readAllBytes(broken));
        assertEquals(r.body(), 400, r.statusCode());
        String detail = JSON.readTree(r.body()).get("detail").asText();
        assertTrue(detail, detail.contains("needs io.coditect.studio.api.llm [9.0.0,10.0.0) but the studio exports 1.0.0"));
        assertTrue(detail, detail.contains("nothing was changed"));
        assertEquals(before, bundles());

        HttpResponse<String> notAJar = send("POST", PLUGINS, "application/octet-stream", "hello".getBytes());
        assertEquals(400, notAJar.statusCode());
        Path exporting = PluginJars.withHeaders(Paths.get(System.getProperty("studio.example.provider.jar")),
                Files.createTempFile("exporting-", ".jar"), Map.of("Bundle-SymbolicName", "io.coditect.studio.itests.exp",
                        "Export-Package", "io.coditect.studio.example.provider.internal"));
        HttpResponse<String> exports = send("POST", PLUGINS, "application/java-archive", Files.readAllBytes(exporting));
        assertEquals(400, exports.statusCode());
        assertTrue(exports.body(), exports.body().contains("must export nothing"));
        assertEquals(before, bundles());
        String failures = getJson("/orgs/default/audit-events?action=plugin.install&outcome=FAILURE").get("items").toString();
        assertTrue(failures, failures.contains("9.0.0,10.0.0"));
    }

    @Test
    public void whenSignaturesAreRequiredOnlyJarsSignedByATrustedKeyInstall() throws Exception {
        Path dir = Files.createTempDirectory("signing");
        Path source = Paths.get(System.getProperty("studio.example.provider.jar"));
        Path unsigned = PluginJars.withHeaders(source, dir.resolve("unsigned.jar"),
                Map.of("Bundle-SymbolicName", "io.coditect.studio.itests.unsigned"));
        Path signed = PluginJars.withHeaders(source, dir.resolve("signed.jar"),
                Map.of("Bundle-SymbolicName", "io.coditect.studio.itests.signed"));
        String pem = PluginJars.signWithNewKey(signed, dir, "CN=Itest Plugins");
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration("io.coditect.studio.plugins", "?");
        Hashtable<String, Object> on = new Hashtable<>();
        on.put("requireSignature", true);
        on.put("trustedCertificates", new String[] {pem});
        config.update(on);
        try {
            assertTrue(eventually(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(adminProperty("requireSignature"))));
            HttpResponse<String> r = send("POST", PLUGINS, "application/java-archive", Files.readAllBytes(unsigned));
            assertEquals(r.body(), 400, r.statusCode());
            assertTrue(r.body(), JSON.readTree(r.body()).get("detail").asText().contains("not signed"));
            r = send("POST", PLUGINS, "application/java-archive", Files.readAllBytes(signed));
            assertEquals(r.body(), 201, r.statusCode());
            long id = JSON.readTree(r.body()).get(0).get("bundleId").asLong();
            assertEquals(204, send("DELETE", PLUGINS + "/" + id, null, null).statusCode());
        } finally {
            config.delete();
            assertTrue(eventually(Duration.ofSeconds(20), () -> !Boolean.TRUE.equals(adminProperty("requireSignature"))));
        }
    }

    @Test
    public void onlyStudioAdministratorsMayAdministerPlugins() throws Exception {
        HttpResponse<String> org = post("/orgs", "{\"id\":\"plugin-outsiders\",\"name\":\"Outsiders\",\"admin\":"
                + "{\"id\":\"olga\",\"email\":\"olga@outsiders.test\",\"displayName\":\"Olga\"},"
                + "\"adminPassword\":\"a long enough password\"}");
        assertEquals(org.body(), 201, org.statusCode());
        String token = login("plugin-outsiders", "olga@outsiders.test", "a long enough password");
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(api(PLUGINS)))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(list.body(), 403, list.statusCode());
        assertTrue(list.body(), list.body().contains("studio administrator"));
        HttpResponse<String> upload = client.send(HttpRequest.newBuilder(URI.create(api(PLUGINS)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(Paths.get(
                        System.getProperty("studio.example.provider.jar"))))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(upload.body(), 403, upload.statusCode());
        assertTrue(bundles().values().stream().noneMatch(b -> b.startsWith(EXAMPLE + " ")));
        HttpResponse<String> audit = client.send(HttpRequest.newBuilder(URI.create(api(
                "/orgs/plugin-outsiders/audit-events?action=plugin&outcome=DENIED"))).header("Authorization", "Bearer "
                + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(audit.body(), 200, audit.statusCode());
        assertTrue(audit.body(), audit.body().contains("plugin.list") && audit.body().contains("plugin.install"));
    }

    @Test
    public void consoleCommandsAdministerPluginsAsTheStudio() throws Exception {
        Path jar = PluginJars.withHeaders(Paths.get(System.getProperty("studio.example.provider.jar")),
                Files.createTempFile("shell-", ".jar"), Map.of("Bundle-SymbolicName", "io.coditect.studio.itests.shell"));
        String installed = executeCommand("studio:plugin-install " + jar);
        assertTrue(installed, installed.contains("io.coditect.studio.itests.shell 1.0.0"));
        long id = bundles().entrySet().stream().filter(e -> e.getValue().startsWith("io.coditect.studio.itests.shell "))
                .findFirst().orElseThrow().getKey();
        String set = executeCommand("studio:plugin-config set " + id + " new id=shell-upper .apiKey=hidden");
        assertTrue(set, set.contains(EXAMPLE + "~shell-upper") && set.contains(".apiKey=********")
                && !set.contains("hidden"));
        assertTrue(eventually(Duration.ofSeconds(10), () -> providers.get("shell-upper").isPresent()));
        String edited = executeCommand("studio:plugin-config set " + id + " " + EXAMPLE + "~shell-upper delayMillis=5");
        assertTrue(edited, edited.contains("delayMillis=5") && edited.contains("id=shell-upper"));
        assertEquals("hidden", configurationAdmin.getConfiguration(EXAMPLE + "~shell-upper", "?").getProperties()
                .get(".apiKey"));
        assertTrue(executeCommand("studio:plugin-list -k provider").contains("shell-upper"));
        assertTrue(executeCommand("studio:plugin-stop " + id).contains("RESOLVED"));
        assertTrue(eventually(Duration.ofSeconds(10), () -> providers.get("shell-upper").isEmpty()));
        assertTrue(executeCommand("studio:plugin-start " + id).contains("ACTIVE"));
        assertTrue(eventually(Duration.ofSeconds(10), () -> providers.get("shell-upper").isPresent()));
        Path v2 = PluginJars.withHeaders(jar, Files.createTempFile("shell-2-", ".jar"), Map.of("Bundle-Version", "2.0.0"));
        assertTrue(executeCommand("studio:plugin-update " + id + " " + v2).contains("io.coditect.studio.itests.shell 2.0.0"));
        executeCommand("studio:plugin-config delete " + id + " " + EXAMPLE + "~shell-upper");
        assertTrue(executeCommand("studio:plugin-uninstall " + id).contains("uninstalled"));
        assertEquals(null, bundleContext.getBundle(id));
        String audit = getJson("/orgs/default/audit-events?action=plugin&actor=system&limit=100").get("items").toString();
        for (String action : List.of("plugin.install", "plugin.config.create", "plugin.stop", "plugin.start",
                "plugin.update", "plugin.uninstall")) {
            assertTrue(action + " not audited: " + audit, audit.contains("\"action\":\"" + action + "\""));
        }
    }

    private String login(String org, String email, String password) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api("/auth/login")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON
                        .writeValueAsString(Map.of("org", org, "email", email, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private Object adminProperty(String name) {
        ServiceReference<PluginAdmin> ref = bundleContext.getServiceReference(PluginAdmin.class);
        return ref == null ? null : ref.getProperty(name);
    }

    /** Every bundle with its symbolic name, state and last-modified time, by id. */
    private Map<Long, String> bundles() {
        Map<Long, String> all = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            all.put(b.getBundleId(), b.getSymbolicName() + " " + b.getState() + " " + b.getLastModified());
        }
        return all;
    }

    /** The plugins as the API lists them: state, start and last-modified time, by bundle id. */
    private Map<Long, String> pluginTimes() throws Exception {
        Map<Long, String> all = new TreeMap<>();
        for (JsonNode p : getJson(PLUGINS)) {
            all.put(p.get("bundleId").asLong(), p.get("symbolicName").asText() + " " + p.get("state").asText() + " "
                    + p.get("startedAt").asText() + " " + p.get("lastModified").asText());
        }
        return all;
    }

    private CompletableFuture<RoutedAnswer.Outcome> route(String provider, String text) {
        return RoutedAnswer.route(router, "plugin-itest-" + System.nanoTime(), provider, text);
    }
}
