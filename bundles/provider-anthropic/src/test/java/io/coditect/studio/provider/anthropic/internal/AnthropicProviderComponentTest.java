package io.coditect.studio.provider.anthropic.internal;

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

public class AnthropicProviderComponentTest {

    /** What SCR passes to the constructor: the annotation with the configured values, else its defaults. */
    static AnthropicConfig config(Map<String, Object> values) {
        return (AnthropicConfig) Proxy.newProxyInstance(AnthropicConfig.class.getClassLoader(),
                new Class<?>[] { AnthropicConfig.class }, (proxy, method, args) -> {
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
        KeyLeakCheck.assertKeyNotLogged(AnthropicProviderTest.KEY);
    }

    @Test
    public void registersTheProviderWithIdKindAndNameOnly() {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "anthropic-team-a");
        values.put("name", "Anthropic (team A)");
        values.put("apiKey", AnthropicProviderTest.KEY);
        FakeContext fake = new FakeContext();
        AnthropicProviderComponent component = new AnthropicProviderComponent(fake.context(), config(values), n -> null);
        try {
            assertEquals(1, fake.services.size());
            assertSame(component.provider(), fake.services.get(0));
            Dictionary<String, ?> props = fake.properties.get(0);
            assertEquals(Map.of("studio.plugin.id", "anthropic-team-a", "studio.plugin.kind", "provider",
                    "studio.plugin.name", "Anthropic (team A)"), toMap(props));
            for (Object v : Collections.list(props.elements())) {
                assertFalse(String.valueOf(v).contains(AnthropicProviderTest.KEY));
            }
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals("anthropic-team-a", provider.id());
            assertEquals(Health.up(), provider.health());
        } finally {
            component.deactivate();
        }
        assertTrue(fake.unregistered);
    }

    @Test
    public void defaultsServeCurrentClaudeModelsAndTakeTheKeyFromTheEnvironment() {
        ProviderSettings settings = AnthropicProviderComponent.settings(config(Map.of()),
                n -> n.equals("ANTHROPIC_API_KEY") ? "sk-ant-from-env" : null);
        assertEquals("anthropic", settings.id());
        assertEquals("Anthropic", settings.displayName());
        assertEquals("https://api.anthropic.com", settings.baseUrl().toString());
        assertEquals("sk-ant-from-env", settings.key().orElseThrow().reveal());
        assertEquals(List.of("claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-4-5"),
                settings.models().stream().map(ModelInfo::id).toList());
        for (ModelInfo m : settings.models()) {
            assertTrue(m.id(), m.capabilities().containsAll(List.of(Capability.CHAT, Capability.CODE, Capability.TOOLS,
                    Capability.VISION)));
            assertTrue(m.inputPricePerMTok().signum() > 0);
        }
        assertEquals(200_000, settings.model("claude-haiku-4-5").orElseThrow().contextWindow());
        assertEquals(60, settings.timeouts().firstByte().toSeconds());
    }

    @Test
    public void withoutKeyTheProviderRegistersButIsDown() {
        FakeContext fake = new FakeContext();
        AnthropicProviderComponent component = new AnthropicProviderComponent(fake.context(), config(Map.of()), n -> null);
        try {
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals(Health.Status.DOWN, provider.health().status());
            assertEquals("no API key: set apiKey or apiKeyEnv (the environment variable ANTHROPIC_API_KEY is not set)",
                    provider.health().message());
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void invalidConfigurationsFailActivationNamingTheSetting() {
        FakeContext fake = new FakeContext();
        assertMessage("id: provider id 'Team A' is invalid", fake, Map.of("id", "Team A"));
        assertMessage("models entry 1 'claude|x'", fake, Map.of("models", new String[] { "claude|x" }));
        assertMessage("baseUrl 'api.anthropic.com' must be an absolute http or https URL", fake,
                Map.of("baseUrl", "api.anthropic.com"));
        assertMessage("idle timeout must be a positive number of seconds", fake, Map.of("idleTimeoutSeconds", 0));
        assertTrue(fake.services.isEmpty());
    }

    private static void assertMessage(String part, FakeContext fake, Map<String, Object> values) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnthropicProviderComponent(fake.context(), config(values), n -> null));
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
