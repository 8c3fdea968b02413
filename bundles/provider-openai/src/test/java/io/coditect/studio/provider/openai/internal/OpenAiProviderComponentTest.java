package io.coditect.studio.provider.openai.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.testing.KeyLeakCheck;
import org.junit.AfterClass;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

public class OpenAiProviderComponentTest {

    /** What SCR passes to the constructor: the annotation with the configured values, else its defaults. */
    static OpenAiConfig config(Map<String, Object> values) {
        return (OpenAiConfig) Proxy.newProxyInstance(OpenAiConfig.class.getClassLoader(),
                new Class<?>[] { OpenAiConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A bundle context that records registrations. */
    static final class FakeContext {
        final List<Object> services = new ArrayList<>();
        final List<Dictionary<String, ?>> properties = new ArrayList<>();
        boolean unregistered;

        @SuppressWarnings("unchecked")
        BundleContext context() {
            ServiceRegistration<LlmProvider> registration = (ServiceRegistration<LlmProvider>) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] { ServiceRegistration.class }, (p, m, a) -> {
                        if (m.getName().equals("unregister")) {
                            unregistered = true;
                            return null;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { BundleContext.class }, (p, m, a) -> {
                        if (m.getName().equals("registerService") && a[0] == LlmProvider.class) {
                            services.add(a[1]);
                            properties.add((Dictionary<String, ?>) a[2]);
                            return registration;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    @AfterClass
    public static void theKeyIsNeverLogged() throws java.io.IOException {
        KeyLeakCheck.assertKeyNotLogged(OpenAiProviderTest.KEY, 8, 28);
    }

    @Test
    public void registersTheProviderWithIdKindAndNameOnly() {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "openai-team-a");
        values.put("name", "OpenAI (team A)");
        values.put("apiKey", OpenAiProviderTest.KEY);
        values.put("organization", "org-TeamA");
        values.put("project", "proj_abc123");
        FakeContext fake = new FakeContext();
        OpenAiProviderComponent component = new OpenAiProviderComponent(fake.context(), config(values), n -> null);
        try {
            assertEquals(1, fake.services.size());
            assertSame(component.provider(), fake.services.get(0));
            Dictionary<String, ?> props = fake.properties.get(0);
            assertEquals(Map.of("studio.plugin.id", "openai-team-a", "studio.plugin.kind", "provider",
                    "studio.plugin.name", "OpenAI (team A)"), toMap(props));
            for (Object v : Collections.list(props.elements())) {
                assertFalse(String.valueOf(v).contains(OpenAiProviderTest.KEY));
            }
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals("openai-team-a", provider.id());
            assertEquals(Health.up(), provider.health());
            assertFalse(provider.toString().contains(OpenAiProviderTest.KEY));
        } finally {
            component.deactivate();
        }
        assertTrue(fake.unregistered);
    }

    @Test
    public void defaultsServeCurrentCodexAndGptModelsAndTakeTheKeyFromTheEnvironment() {
        OpenAiConfig config = config(Map.of());
        ProviderSettings settings = OpenAiProviderComponent.settings(config,
                n -> n.equals("OPENAI_API_KEY") ? "sk-proj-from-env" : null);
        assertEquals("openai", settings.id());
        assertEquals("OpenAI", settings.displayName());
        assertEquals("https://api.openai.com", settings.baseUrl().toString());
        assertEquals("https://api.openai.com/v1/responses", settings.endpoint(OpenAiProvider.RESPONSES_PATH).toString());
        assertEquals("sk-proj-from-env", settings.key().orElseThrow().reveal());
        assertEquals(List.of("gpt-6-astra", "gpt-6.2-sol", "gpt-6.1-terra", "gpt-5.3-codex"),
                settings.models().stream().map(ModelInfo::id).toList());
        for (ModelInfo m : settings.models()) {
            assertTrue(m.id(), m.capabilities().containsAll(List.of(Capability.CHAT, Capability.CODE, Capability.TOOLS,
                    Capability.VISION, Capability.REASONING, Capability.LONG_CONTEXT)));
            assertTrue(m.inputPricePerMTok().signum() > 0);
        }
        ModelInfo codex = settings.model("gpt-5.3-codex").orElseThrow();
        assertEquals(400_000, codex.contextWindow());
        assertEquals(new BigDecimal("1.75"), codex.inputPricePerMTok());
        assertEquals(new BigDecimal("14"), codex.outputPricePerMTok());
        assertEquals(1_050_000, settings.model("gpt-6.2-sol").orElseThrow().contextWindow());
        assertEquals(60, settings.timeouts().firstByte().toSeconds());
        assertEquals(300, settings.timeouts().idle().toSeconds());
        OpenAiOptions options = OpenAiProviderComponent.options(config, settings);
        assertEquals(new OpenAiOptions("", "", Set.of()), options);
        assertFalse("the default models are reasoning models that reject temperature",
                settings.models().stream().anyMatch(m -> options.acceptsTemperature(m.id())));
    }

    @Test
    public void temperatureModelsAndHeadersFromTheConfiguration() {
        Map<String, Object> values = new HashMap<>();
        values.put("models", new String[] { "gpt-4.1|GPT-4.1|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|1047576|2|8;"
                + "gpt-6.2-sol|GPT-6.2 Sol|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1050000|2|10" });
        values.put("temperatureModels", new String[] { " gpt-4.1 ; " });
        values.put("organization", " org-X ");
        OpenAiConfig config = config(values);
        ProviderSettings settings = OpenAiProviderComponent.settings(config, n -> null);
        OpenAiOptions options = OpenAiProviderComponent.options(config, settings);
        assertEquals("org-X", options.organization());
        assertEquals("", options.project());
        assertTrue(options.acceptsTemperature("gpt-4.1"));
        assertFalse(options.acceptsTemperature("gpt-6.2-sol"));
    }

    @Test
    public void withoutKeyTheProviderRegistersButIsDown() {
        FakeContext fake = new FakeContext();
        OpenAiProviderComponent component = new OpenAiProviderComponent(fake.context(), config(Map.of()), n -> null);
        try {
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals(Health.Status.DOWN, provider.health().status());
            assertEquals("no API key: set apiKey or apiKeyEnv (the environment variable OPENAI_API_KEY is not set)",
                    provider.health().message());
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void invalidConfigurationsFailActivationNamingTheSetting() {
        FakeContext fake = new FakeContext();
        assertMessage("id: provider id 'OpenAI' is invalid", fake, Map.of("id", "OpenAI"));
        assertMessage("models entry 1 'gpt|x'", fake, Map.of("models", new String[] { "gpt|x" }));
        assertMessage("baseUrl 'api.openai.com' must be an absolute http or https URL", fake,
                Map.of("baseUrl", "api.openai.com"));
        assertMessage("idle timeout must be a positive number of seconds", fake, Map.of("idleTimeoutSeconds", 0));
        assertMessage("organization 'my org' is invalid", fake, Map.of("organization", "my org"));
        assertMessage("project 'proj\\u000a1' is invalid", fake, Map.of("project", "proj\n1"));
        assertMessage("temperatureModels: 'gpt-4o' is not one of the models (gpt-6-astra, gpt-6.2-sol, gpt-6.1-terra,"
                + " gpt-5.3-codex)", fake, Map.of("temperatureModels", new String[] { "gpt-4o" }));
        assertMessage("apiKey is invalid", fake, Map.of("apiKey", "sk proj"));
        assertTrue(fake.services.isEmpty());
    }

    private static void assertMessage(String part, FakeContext fake, Map<String, Object> values) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OpenAiProviderComponent(fake.context(), config(values), n -> null));
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }

    private static Map<String, Object> toMap(Dictionary<String, ?> d) {
        Map<String, Object> map = new HashMap<>();
        for (String k : Collections.list(d.keys())) {
            map.put(k, d.get(k));
        }
        return map;
    }
}
