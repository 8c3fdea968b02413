package io.coditect.studio.provider.support;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;

import io.coditect.studio.api.PluginProperties;
import io.coditect.studio.api.llm.LlmProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link LlmProvider} service of one adapter component, registered with
 * {@link BundleContext#registerService} rather than by DS, because DS would copy every configuration
 * property (the API key included) onto the service. {@link #close()} undoes {@link #register}.
 */
public final class ProviderRegistration implements AutoCloseable {

    private final ServiceRegistration<LlmProvider> registration;
    private final AutoCloseable provider;
    private final ExecutorService executor;

    private ProviderRegistration(ServiceRegistration<LlmProvider> registration, AutoCloseable provider,
            ExecutorService executor) {
        this.registration = registration;
        this.provider = provider;
        this.executor = executor;
    }

    /**
     * Registers {@code provider} with {@link #properties}; the handle then owns the provider and its
     * executor. If the registration fails, both are released before the exception is rethrown.
     */
    public static <P extends LlmProvider & AutoCloseable> ProviderRegistration register(BundleContext context,
            P provider, ProviderSettings settings, ExecutorService executor) {
        try {
            return new ProviderRegistration(context.registerService(LlmProvider.class, provider, properties(settings)),
                    provider, executor);
        } catch (RuntimeException e) {
            try {
                release(provider, executor);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The service properties: id, kind and name; never the key. */
    public static Dictionary<String, Object> properties(ProviderSettings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PluginProperties.ID, settings.id());
        properties.put(PluginProperties.KIND, LlmProvider.KIND);
        properties.put(PluginProperties.DISPLAY_NAME, settings.displayName());
        return properties;
    }

    /** Unregisters the service, closes the provider (ending its streams) and shuts the executor down. */
    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already unregistered because the bundle is stopping
        }
        release(provider, executor);
    }

    private static void release(AutoCloseable provider, ExecutorService executor) {
        try {
            provider.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // the adapters' close() declares none; only the AutoCloseable bound does
            throw new IllegalStateException(e);
        } finally {
            executor.shutdownNow();
        }
    }
}
