package io.coditect.studio.provider.kimi.internal;

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

public class KimiProviderComponentTest {

    /** What SCR passes to the constructor: the annotation with the configured values, else its defaults. */
    static KimiConfig config(Map<String, Object> values) {
        return (KimiConfig) Proxy.newProxyInstance(KimiConfig.class.getClassLoader(),
                new Class<?>[] { KimiConfig.class }, (proxy, method, args) -> {
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
        KeyLeakCheck.assertKeyNotLogged(KimiProviderTest.KEY);
    }

    @Test
    public void registersTheProviderWithIdKindAndNameOnly() {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "kimi-team-a");
        values.put("name", "Kimi (team A)");
        values.put("apiKey", KimiProviderTest.KEY);
        FakeContext fake = new FakeContext();
        KimiProviderComponent component = new KimiProviderComponent(fake.context(), config(values), n -> null);
        try {
            assertEquals(1, fake.services.size());
            assertSame(component.provider(), fake.services.get(0));
            Dictionary<String, ?> props = fake.properties.get(0);
            assertEquals(Map.of("studio.plugin.id", "kimi-team-a", "studio.plugin.kind", "provider",
                    "studio.plugin.name", "Kimi (team A)"), toMap(props));
            for (Object v : Collections.list(props.elements())) {
                assertFalse(String.valueOf(v).contains(KimiProviderTest.KEY));
            }
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals("kimi-team-a", provider.id());
            assertEquals(Health.up(), provider.health());
            assertFalse(provider.toString().contains(KimiProviderTest.KEY));
        } finally {
            component.deactivate();
        }
        assertTrue(fake.unregistered);
    }

    @Test
    public void defaultsServeKimiModelsAtTheInternationalEndpointWithTheKeyFromTheEnvironment() {
        ProviderSettings settings = KimiProviderComponent.settings(config(Map.of()),
                n -> n.equals("MOONSHOT_API_KEY") ? "sk-from-env" : null);
        assertEquals("kimi", settings.id());
        assertEquals("Kimi (Moonshot)", settings.displayName());
        assertEquals("https://api.moonshot.ai/v1", settings.baseUrl().toString());
        assertEquals("https://api.moonshot.ai/v1/chat/completions", settings.endpoint("/chat/completions").toString());
        assertEquals("sk-from-env", settings.key().orElseThrow().reveal());
        assertEquals(List.of("kimi-k2.6", "kimi-k2.5", "moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k"),
                settings.models().stream().map(ModelInfo::id).toList());
        ModelInfo k26 = settings.model("kimi-k2.6").orElseThrow();
        assertEquals(262_144, k26.contextWindow());
        assertTrue(k26.capabilities().containsAll(Set.of(Capability.TOOLS, Capability.VISION, Capability.REASONING)));
        assertEquals(new BigDecimal("0.95"), k26.inputPricePerMTok());
        assertEquals(8_192, settings.model("moonshot-v1-8k").orElseThrow().contextWindow());
        assertEquals(131_072, settings.model("moonshot-v1-128k").orElseThrow().contextWindow());
        assertFalse(settings.model("moonshot-v1-32k").orElseThrow().supports(Capability.VISION));
        for (ModelInfo m : settings.models()) {
            assertTrue(m.id(), m.supports(Capability.TOOLS));
            assertTrue(m.id(), m.inputPricePerMTok().signum() > 0 && m.outputPricePerMTok().signum() > 0);
        }
        assertEquals(60, settings.timeouts().firstByte().toSeconds());
        KimiDialect dialect = KimiProviderComponent.dialect(config(Map.of()));
        assertEquals("max_completion_tokens", dialect.maxTokensField(k26));
        assertEquals(null, dialect.temperature(k26, 0.5));
        assertEquals(Double.valueOf(0.5), dialect.temperature(settings.model("moonshot-v1-8k").orElseThrow(), 0.5));
    }

    @Test
    public void withoutKeyTheProviderRegistersButIsDown() {
        FakeContext fake = new FakeContext();
        KimiProviderComponent component = new KimiProviderComponent(fake.context(), config(Map.of()), n -> null);
        try {
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals(Health.Status.DOWN, provider.health().status());
            assertEquals("no API key: set apiKey or apiKeyEnv (the environment variable MOONSHOT_API_KEY is not set)",
                    provider.health().message());
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void invalidConfigurationsFailActivationNamingTheSetting() {
        FakeContext fake = new FakeContext();
        assertMessage("id: provider id 'Kimi A' is invalid", fake, Map.of("id", "Kimi A"));
        assertMessage("models entry 1 'kimi|x'", fake, Map.of("models", new String[] { "kimi|x" }));
        assertMessage("baseUrl 'api.moonshot.ai/v1' must be an absolute http or https URL", fake,
                Map.of("baseUrl", "api.moonshot.ai/v1"));
        assertMessage("idle timeout must be a positive number of seconds", fake, Map.of("idleTimeoutSeconds", 0));
        assertMessage("maxTokensField 'max tokens' is not a field name", fake, Map.of("maxTokensField", "max tokens"));
        assertTrue(fake.services.isEmpty());
    }

    private static void assertMessage(String part, FakeContext fake, Map<String, Object> values) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KimiProviderComponent(fake.context(), config(values), n -> null));
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
