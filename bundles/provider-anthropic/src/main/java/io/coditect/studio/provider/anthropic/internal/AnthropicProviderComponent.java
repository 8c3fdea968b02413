package io.coditect.studio.provider.anthropic.internal;

import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.provider.support.HttpStreamer;
import io.coditect.studio.provider.support.ProviderRegistration;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.Timeouts;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Anthropic provider per factory configuration ({@value #PID}-&lt;name&gt;).
 *
 * <p>The component registers the {@link LlmProvider} service itself, with
 * {@link BundleContext#registerService}, instead of letting DS do it: DS would propagate every
 * configuration property to the service, the API key included, and the plugin id would have to
 * repeat itself as a {@code studio.plugin.id} property in the configuration. Registered this way
 * the service carries exactly {@code studio.plugin.id} (the configured {@code id}),
 * {@code studio.plugin.kind=provider} and {@code studio.plugin.name} (the configured {@code name}).
 * A configuration change re-creates the component; streams running at that moment end with
 * {@code onError(UNAVAILABLE)} "the provider was stopped".
 */
@Component(service = {}, immediate = true, configurationPid = AnthropicProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AnthropicConfig.class, factory = true)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.llm.LlmProvider\"",
        uses = LlmProvider.class)
public final class AnthropicProviderComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.provider.anthropic";

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicProviderComponent.class);

    private final AnthropicProvider provider;
    private final ProviderRegistration registration;

    @Activate
    public AnthropicProviderComponent(BundleContext context, AnthropicConfig config) {
        this(context, config, System::getenv);
    }

    AnthropicProviderComponent(BundleContext context, AnthropicConfig config, UnaryOperator<String> env) {
        ProviderSettings settings;
        try {
            settings = settings(config, env);
        } catch (IllegalArgumentException e) {
            LOG.error("Anthropic provider configuration '{}' is invalid: {}", config.id(), e.getMessage());
            throw e;
        }
        ExecutorService executor = HttpStreamer.newExecutor(settings.id());
        provider = new AnthropicProvider(settings, executor);
        registration = ProviderRegistration.register(context, provider, settings, executor);
        LOG.info("Anthropic provider '{}' active: {} model(s) at {}; {}", settings.id(), settings.models().size(),
                settings.baseUrl(), settings.key().isPresent() ? "API key configured"
                        : "DOWN: " + settings.configHealth().message());
    }

    /** The validated settings of a configuration; the message of the exception names the bad setting. */
    static ProviderSettings settings(AnthropicConfig config, UnaryOperator<String> env) {
        return ProviderSettings.builder(config.id()).displayName(config.name()).baseUrl(config.baseUrl())
                .apiKey(config.apiKey(), config.apiKeyEnv(), env).models(config.models())
                .timeouts(Timeouts.ofSeconds(config.connectTimeoutSeconds(), config.firstByteTimeoutSeconds(),
                        config.idleTimeoutSeconds()))
                .build();
    }

    AnthropicProvider provider() {
        return provider;
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
