package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.http.HttpService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A vendor adapter installed as a feature at runtime, configured live against a fake vendor, and
 * used through the REST API — without restarting the core.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderPluginIT extends StudioTestSupport {


    @Inject
    HttpService http;

    @Test
    public void adapterFeatureInstallsConfiguresAndAnswersWithoutRestartingTheCore() throws Exception {
        Bundle core = core();
        long coreId = core.getBundleId();
        long coreModified = core.getLastModified();
        String coreSince = getJson("/health").get("coreSince").asText();

        FakeChatCompletions fake = new FakeChatCompletions();
        http.registerServlet("/itest-fake/v1", fake, null, null);
        featureService.installFeature("studio-provider-openai-compatible",
                EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));

        Configuration config = configurationAdmin.getFactoryConfiguration(
                "io.coditect.studio.provider.openai.compatible", "itest", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("id", "itest-local");
        props.put("name", "Itest fake endpoint");
        props.put("baseUrl", "http://127.0.0.1:" + getHttpPort() + "/itest-fake/v1");
        props.put("models", new String[] {"fake-model|Fake model|CHAT,TOOLS|8192||"});
        config.update(props);
        try {
            assertTrue("configured provider never listed: " + get("/providers").body(),
                    eventually(Duration.ofSeconds(30), () -> get200("/providers").contains("\"itest-local\"")));

            JsonNode result = postJson("/providers/itest-local/test", "{}");
            assertTrue(result.toString(), result.get("ok").asBoolean());
            assertEquals("Hello from the fake", result.get("text").asText());
            assertEquals("END_TURN", result.get("stopReason").asText());
            assertEquals(4, result.get("outputTokens").asInt());

            fake.down = true;
            JsonNode down = postJson("/providers/itest-local/test", "{}");
            assertEquals(down.toString(), "UNAVAILABLE", down.get("errorKind").asText());
            assertTrue(down.toString(), down.get("error").asText().contains("the fake is down"));

            JsonNode route = postJson("/router/explain", "{\"model\":\"itest-local\"}");
            assertEquals("itest-local", route.get("candidates").get(0).get("provider").asText());
        } finally {
            config.delete();
            http.unregister("/itest-fake/v1");
        }
        assertTrue(eventually(Duration.ofSeconds(30), () -> !get200("/providers").contains("\"itest-local\"")));

        Bundle coreAfter = core();
        assertEquals(coreId, coreAfter.getBundleId());
        assertEquals(coreModified, coreAfter.getLastModified());
        assertEquals(coreSince, getJson("/health").get("coreSince").asText());
    }

    private JsonNode postJson(String path, String body) throws Exception {
        HttpResponse<String> r = post(path, body);
        assertEquals(r.body(), 200, r.statusCode());
        return JSON.readTree(r.body());
    }

    private String get200(String path) {
        try {
            return get(path).body();
        } catch (Exception e) {
            return "";
        }
    }

    private Bundle core() {
        for (Bundle b : bundleContext.getBundles()) {
            if ("io.coditect.studio.core".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("core bundle missing");
    }
}
