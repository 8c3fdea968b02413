package io.coditect.studio.provider.openai.compatible.internal;

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
import org.junit.AfterClass;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

public class OpenAiCompatibleProviderComponentTest {

    /** What SCR passes to the constructor: the annotation with the configured values, else its defaults. */
    static OpenAiCompatibleConfig config(Map<String, Object> values) {
        return (OpenAiCompatibleConfig) Proxy.newProxyInstance(OpenAiCompatibleConfig.class.getClassLoader(),
                new Class<?>[] { OpenAiCompatibleConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getDeclaringClass() == OpenAiCompatibleConfig.class) {
                        return null; // as SCR does for a property without value and default
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
        KeyLeakCheck.assertKeyNotLogged(OpenAiCompatibleProviderTest.KEY);
    }

    private static final String OLLAMA_MODELS = "llama3.2|Llama 3.2 3B|CHAT,TOOLS|4096||;"
            + "llava:13b|LLaVA 13B|CHAT,VISION|4096||";

    private static Map<String, Object> ollama() {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "ollama");
        values.put("name", "Ollama (GPU box)");
        values.put("baseUrl", "http://127.0.0.1:11434/v1");
        values.put("models", new String[] { OLLAMA_MODELS });
        return values;
    }

    @Test
    public void anOllamaEndpointNeedsNoKeyAndRegistersWithIdKindAndNameOnly() {
        FakeContext fake = new FakeContext();
        OpenAiCompatibleProviderComponent component = new OpenAiCompatibleProviderComponent(fake.context(),
                config(ollama()), n -> null);
        try {
            assertEquals(1, fake.services.size());
            assertSame(component.provider(), fake.services.get(0));
            assertEquals(Map.of("studio.plugin.id", "ollama", "studio.plugin.kind", "provider",
                    "studio.plugin.name", "Ollama (GPU box)"), toMap(fake.properties.get(0)));
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals(Health.up(), provider.health());
            assertEquals(List.of("llama3.2", "llava:13b"), provider.models().stream().map(ModelInfo::id).toList());
            assertTrue(provider.models().get(1).supports(Capability.VISION));
            ProviderSettings settings = component.provider().settings();
            assertEquals("http://127.0.0.1:11434/v1/chat/completions", settings.endpoint("/chat/completions").toString());
            assertTrue(settings.key().isEmpty());
            assertEquals(120, settings.timeouts().firstByte().toSeconds());
        } finally {
            component.deactivate();
        }
        assertTrue(fake.unregistered);
    }

    @Test
    public void aConfiguredKeyIsNeverAServiceProperty() {
        Map<String, Object> values = ollama();
        values.put("apiKey", OpenAiCompatibleProviderTest.KEY);
        FakeContext fake = new FakeContext();
        OpenAiCompatibleProviderComponent component = new OpenAiCompatibleProviderComponent(fake.context(),
                config(values), n -> null);
        try {
            for (Object v : Collections.list(fake.properties.get(0).elements())) {
                assertFalse(String.valueOf(v).contains(OpenAiCompatibleProviderTest.KEY));
            }
            assertEquals(OpenAiCompatibleProviderTest.KEY, component.provider().settings().key().orElseThrow().reveal());
            assertFalse(component.provider().toString().contains(OpenAiCompatibleProviderTest.KEY));
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void aKeyEnvironmentVariableThatIsNotSetMakesTheProviderDown() {
        Map<String, Object> values = ollama();
        values.put("apiKeyEnv", "VLLM_API_KEY");
        FakeContext fake = new FakeContext();
        OpenAiCompatibleProviderComponent component = new OpenAiCompatibleProviderComponent(fake.context(),
                config(values), n -> null);
        try {
            LlmProvider provider = (LlmProvider) fake.services.get(0);
            assertEquals(Health.down("no API key: set apiKey or apiKeyEnv (the environment variable VLLM_API_KEY is not"
                    + " set)"), provider.health());
        } finally {
            component.deactivate();
        }
        OpenAiCompatibleProviderComponent withKey = new OpenAiCompatibleProviderComponent(fake.context(),
                config(values), n -> n.equals("VLLM_API_KEY") ? "token-abc123" : null);
        try {
            assertEquals(Health.up(), withKey.provider().health());
            assertEquals("token-abc123", withKey.provider().settings().key().orElseThrow().reveal());
        } finally {
            withKey.deactivate();
        }
    }

    @Test
    public void defaultsAndDialect() {
        OpenAiCompatibleConfig config = config(ollama());
        assertEquals("local", config(Map.of()).id());
        OpenAiCompatibleDialect dialect = OpenAiCompatibleProviderComponent.dialect(config);
        assertFalse(dialect.apiKeyRequired());
        ModelInfo model = OpenAiCompatibleProviderComponent.settings(config, n -> null).models().get(0);
        assertEquals("max_tokens", dialect.maxTokensField(model));
        assertTrue(dialect.requestUsage());
        assertEquals(Double.valueOf(1.7), dialect.temperature(model, 1.7));
    }

    @Test
    public void invalidConfigurationsFailActivationNamingTheSetting() {
        FakeContext fake = new FakeContext();
        Map<String, Object> noBaseUrl = ollama();
        noBaseUrl.remove("baseUrl");
        assertMessage("baseUrl is required: the API root with its version path, for example http://127.0.0.1:11434/v1",
                fake, noBaseUrl);
        Map<String, Object> noModels = ollama();
        noModels.remove("models");
        assertMessage("models: at least one model is required", fake, noModels);
        assertMessage("id: provider id 'My Ollama' is invalid", fake, with("id", "My Ollama"));
        assertMessage("models entry 1 'llama3.2|x'", fake, with("models", new String[] { "llama3.2|x" }));
        assertMessage("baseUrl 'localhost:11434/v1' must be an absolute http or https URL", fake,
                with("baseUrl", "localhost:11434/v1"));
        assertMessage("first-byte timeout must be a positive number of seconds", fake, with("firstByteTimeoutSeconds", 0));
        assertMessage("maxTokensField 'max-tokens' is not a field name", fake, with("maxTokensField", "max-tokens"));
        assertTrue(fake.services.isEmpty());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> values = ollama();
        values.put(key, value);
        return values;
    }

    private static void assertMessage(String part, FakeContext fake, Map<String, Object> values) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OpenAiCompatibleProviderComponent(fake.context(), config(values), n -> null));
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
