package io.coditect.studio.provider.gemini.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

import io.coditect.studio.api.PluginProperties;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.provider.support.HttpStreamer;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.Timeouts;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Gemini provider per factory configuration ({@value #PID}-&lt;name&gt;).
 *
 * <p>The component registers the {@link LlmProvider} service itself, with
 * {@link BundleContext#registerService}, instead of letting DS do it: DS would propagate every
 * configuration property to the service, the API key included. Registered this way the service
 * carries exactly {@code studio.plugin.id} (the configured {@code id}),
 * {@code studio.plugin.kind=provider} and {@code studio.plugin.name} (the configured {@code name}).
 * A configuration change re-creates the component; streams running at that moment end with
 * {@code onError(UNAVAILABLE)} "the provider was stopped".
 */
@Component(service = {}, immediate = true, configurationPid = GeminiProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GeminiConfig.class, factory = true)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.llm.LlmProvider\"",
        uses = LlmProvider.class)
public final class GeminiProviderComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.provider.gemini";

    private static final Logger LOG = LoggerFactory.getLogger(GeminiProviderComponent.class);

    private final ExecutorService executor;
    private final GeminiProvider provider;
    private final ServiceRegistration<LlmProvider> registration;

    @Activate
    public GeminiProviderComponent(BundleContext context, GeminiConfig config) {
        this(context, config, System::getenv);
    }

    GeminiProviderComponent(BundleContext context, GeminiConfig config, UnaryOperator<String> env) {
        ProviderSettings settings;
        try {
            settings = settings(config, env);
        } catch (IllegalArgumentException e) {
            LOG.error("Gemini provider configuration '{}' is invalid: {}", config.id(), e.getMessage());
            throw e;
        }
        executor = HttpStreamer.newExecutor(settings.id());
        provider = new GeminiProvider(settings, executor);
        try {
            registration = context.registerService(LlmProvider.class, provider, properties(settings));
        } catch (RuntimeException e) {
            provider.close();
            executor.shutdownNow();
            throw e;
        }
        LOG.info("Gemini provider '{}' active: {} model(s) at {}; {}", settings.id(), settings.models().size(),
                settings.baseUrl(), settings.key().isPresent() ? "API key configured"
                        : "DOWN: " + settings.configHealth().message());
    }

    /** The validated settings of a configuration; the message of the exception names the bad setting. */
    static ProviderSettings settings(GeminiConfig config, UnaryOperator<String> env) {
        ProviderSettings settings = ProviderSettings.builder(config.id()).displayName(config.name())
                .baseUrl(config.baseUrl()).apiKey(config.apiKey(), config.apiKeyEnv(), env).models(config.models())
                .timeouts(Timeouts.ofSeconds(config.connectTimeoutSeconds(), config.firstByteTimeoutSeconds(),
                        config.idleTimeoutSeconds()))
                .build();
        GeminiProvider.checkModelIds(settings);
        return settings;
    }

    /** The service properties: id, kind and name; never the key. */
    static Dictionary<String, Object> properties(ProviderSettings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PluginProperties.ID, settings.id());
        properties.put(PluginProperties.KIND, LlmProvider.KIND);
        properties.put(PluginProperties.DISPLAY_NAME, settings.displayName());
        return properties;
    }

    GeminiProvider provider() {
        return provider;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already unregistered because the bundle is stopping
        }
        provider.close();
        executor.shutdownNow();
    }
}
