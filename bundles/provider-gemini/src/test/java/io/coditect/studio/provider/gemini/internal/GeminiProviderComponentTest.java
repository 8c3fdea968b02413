package io.coditect.studio.provider.gemini.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.testing.KeyLeakCheck;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

public class GeminiProviderComponentTest {

    /** What SCR passes to the constructor: the annotation with the configured values, else its defaults. */
    static GeminiConfig config(Map<String, Object> values) {
        return (GeminiConfig) Proxy.newProxyInstance(GeminiConfig.class.getClassLoader(),
                new Class<?>[] { GeminiConfig.class }, (proxy, method, args) -> {
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

    @org.junit.AfterClass
    public static void theKeyIsNeverLogged() throws java.io.IOException {
        KeyLeakCheck.assertKeyNotLogged(GeminiProviderTest.KEY);
    }

    @Test
    public void registersTheProviderWithIdKindAndNameOnly() {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "gemini-team-a");
        values.put("name", "Gemini (team A)");
        values.put("apiKey", GeminiProviderTest.KEY);
        FakeContext fake = new FakeContext();
        GeminiProviderComponent component = new GeminiProviderComponent(fake.context(), config(values), n -> null);
        try {
            assertEquals(1, fake.services.size());
            assertSame(component.provider(), fake.services.get(0));
            Dictionary<String, ?> props = fake.properties.get(0);
            assertEquals(Map.of("studio.plugin.id", "gemini-team-a", "studio.plugin.kind", "provider",
                    "studio.plugin.name", "Gemini (team A)"), toMap(props));
            for (Object v : Collections.list(props.elements())) {
                assertFalse(String.valueOf(v).contains(GeminiProviderTest.KEY));
            }
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals("gemini-team-a", provider.id());
            assertEquals(Health.up(), provider.health());
            assertFalse(provider.toString().contains(GeminiProviderTest.KEY));
        } finally {
            component.deactivate();
        }
        assertTrue(fake.unregistered);
    }

    @Test
    public void defaultsServeCurrentGeminiModelsAndTakeTheKeyFromTheEnvironment() {
        ProviderSettings settings = GeminiProviderComponent.settings(config(Map.of()),
                n -> n.equals("GEMINI_API_KEY") ? "AIza-from-env" : null);
        assertEquals("gemini", settings.id());
        assertEquals("Google Gemini", settings.displayName());
        assertEquals("https://generativelanguage.googleapis.com", settings.baseUrl().toString());
        assertEquals("AIza-from-env", settings.key().orElseThrow().reveal());
        assertEquals(List.of("gemini-3.8-flash", "gemini-3.1-pro-preview", "gemini-3.5-flash-lite", "gemini-2.5-pro",
                "gemini-2.5-flash", "gemini-2.5-flash-lite"), settings.models().stream().map(ModelInfo::id).toList());
        for (ModelInfo m : settings.models()) {
            assertTrue(m.id(), m.capabilities().containsAll(List.of(Capability.CHAT, Capability.CODE, Capability.TOOLS,
                    Capability.VISION, Capability.LONG_CONTEXT)));
            assertEquals(m.id(), 1_048_576, m.contextWindow());
            assertTrue(m.inputPricePerMTok().signum() > 0);
            assertTrue(m.outputPricePerMTok().compareTo(m.inputPricePerMTok()) > 0);
        }
        assertTrue(settings.model("gemini-3.1-pro-preview").orElseThrow().supports(Capability.REASONING));
        assertFalse(settings.model("gemini-2.5-flash-lite").orElseThrow().supports(Capability.REASONING));
        assertEquals(120, settings.timeouts().firstByte().toSeconds());
        assertEquals(60, settings.timeouts().idle().toSeconds());
    }

    @Test
    public void withoutKeyTheProviderRegistersButIsDown() {
        FakeContext fake = new FakeContext();
        GeminiProviderComponent component = new GeminiProviderComponent(fake.context(), config(Map.of()), n -> null);
        try {
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals(Health.Status.DOWN, provider.health().status());
            assertEquals("no API key: set apiKey or apiKeyEnv (the environment variable GEMINI_API_KEY is not set)",
                    provider.health().message());
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void invalidConfigurationsFailActivationNamingTheSetting() {
        FakeContext fake = new FakeContext();
        assertMessage("id: provider id 'Team A' is invalid", fake, Map.of("id", "Team A"));
        assertMessage("models entry 1 'gemini|x'", fake, Map.of("models", new String[] { "gemini|x" }));
        assertMessage("models: the id 'models/gemini-2.5-flash' cannot be used in the Gemini URL", fake,
                Map.of("models", new String[] { "models/gemini-2.5-flash|Flash|CHAT|1048576|0.3|2.5" }));
        assertMessage("baseUrl 'generativelanguage.googleapis.com' must be an absolute http or https URL", fake,
                Map.of("baseUrl", "generativelanguage.googleapis.com"));
        assertMessage("first-byte timeout must be a positive number of seconds", fake,
                Map.of("firstByteTimeoutSeconds", 0));
        assertTrue(fake.services.isEmpty());
    }

    private static void assertMessage(String part, FakeContext fake, Map<String, Object> values) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GeminiProviderComponent(fake.context(), config(values), n -> null));
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
