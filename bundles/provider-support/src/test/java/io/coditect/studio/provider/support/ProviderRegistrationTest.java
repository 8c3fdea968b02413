package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.StreamHandle;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

public class ProviderRegistrationTest {

    private static final String KEY = "sk-registration-test-key";

    private static final ProviderSettings SETTINGS = ProviderSettings.builder("team-a").displayName("Team A")
            .baseUrl("https://api.example.com").apiKey(KEY, "", n -> null).models("m|M|CHAT|1000|0|0").build();

    static final class FakeProvider implements LlmProvider, AutoCloseable {
        int closed;

        @Override
        public String id() {
            return "team-a";
        }

        @Override
        public String displayName() {
            return "Team A";
        }

        @Override
        public List<ModelInfo> models() {
            return SETTINGS.models();
        }

        @Override
        public StreamHandle stream(ChatRequest request, ChatListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed++;
        }
    }

    /** A bundle context whose registerService records its arguments, or throws {@code failure}. */
    static final class FakeContext {
        Object service;
        Dictionary<String, ?> properties;
        int unregistered;
        RuntimeException failure;
        RuntimeException unregisterFailure;

        @SuppressWarnings("unchecked")
        BundleContext context() {
            ServiceRegistration<LlmProvider> registration = (ServiceRegistration<LlmProvider>) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] { ServiceRegistration.class }, (p, m, a) -> {
                        if (m.getName().equals("unregister")) {
                            unregistered++;
                            if (unregisterFailure != null) {
                                throw unregisterFailure;
                            }
                            return null;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { BundleContext.class }, (p, m, a) -> {
                        if (m.getName().equals("registerService") && a[0] == LlmProvider.class) {
                            if (failure != null) {
                                throw failure;
                            }
                            service = a[1];
                            properties = (Dictionary<String, ?>) a[2];
                            return registration;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    @Test
    public void registersWithIdKindAndNameOnlyAndCloseReleasesEverything() {
        FakeContext fake = new FakeContext();
        FakeProvider provider = new FakeProvider();
        ExecutorService executor = HttpStreamer.newExecutor("team-a");
        ProviderRegistration registration = ProviderRegistration.register(fake.context(), provider, SETTINGS, executor);
        assertSame(provider, fake.service);
        assertEquals(Map.of("studio.plugin.id", "team-a", "studio.plugin.kind", "provider", "studio.plugin.name",
                "Team A"), toMap(fake.properties));
        assertEquals(0, provider.closed);
        assertFalse(executor.isShutdown());

        registration.close();
        assertEquals(1, fake.unregistered);
        assertEquals(1, provider.closed);
        assertTrue(executor.isShutdown());
    }

    @Test
    public void closeToleratesAnAlreadyUnregisteredService() {
        FakeContext fake = new FakeContext();
        fake.unregisterFailure = new IllegalStateException("already unregistered");
        FakeProvider provider = new FakeProvider();
        ExecutorService executor = HttpStreamer.newExecutor("team-a");
        ProviderRegistration.register(fake.context(), provider, SETTINGS, executor).close();
        assertEquals(1, provider.closed);
        assertTrue(executor.isShutdown());
    }

    @Test
    public void aFailedRegistrationReleasesProviderAndExecutor() {
        FakeContext fake = new FakeContext();
        fake.failure = new IllegalStateException("bundle context no longer valid");
        FakeProvider provider = new FakeProvider();
        ExecutorService executor = HttpStreamer.newExecutor("team-a");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProviderRegistration.register(fake.context(), provider, SETTINGS, executor));
        assertSame(fake.failure, e);
        assertEquals(1, provider.closed);
        assertTrue(executor.isShutdown());
    }

    @Test
    public void propertiesNeverCarryTheKey() {
        for (Object v : Collections.list(ProviderRegistration.properties(SETTINGS).elements())) {
            assertFalse(String.valueOf(v).contains(KEY));
        }
    }

    private static Map<String, Object> toMap(Dictionary<String, ?> d) {
        Map<String, Object> m = new HashMap<>();
        for (String k : Collections.list(d.keys())) {
            m.put(k, d.get(k));
        }
        return m;
    }
}
