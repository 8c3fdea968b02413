package io.coditect.studio.provider.openai.internal;

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
 * One OpenAI provider per factory configuration ({@value #PID}-&lt;name&gt;).
 *
 * <p>The component registers the {@link LlmProvider} service itself, with
 * {@link BundleContext#registerService}, instead of letting DS do it: DS would propagate every
 * configuration property to the service, the API key included. Registered this way the service
 * carries exactly {@code studio.plugin.id} (the configured {@code id}),
 * {@code studio.plugin.kind=provider} and {@code studio.plugin.name} (the configured {@code name}).
 * A configuration change re-creates the component; streams running at that moment end with
 * {@code onError(UNAVAILABLE)} "the provider was stopped".
 */
@Component(service = {}, immediate = true, configurationPid = OpenAiProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OpenAiConfig.class, factory = true)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.llm.LlmProvider\"",
        uses = LlmProvider.class)
public final class OpenAiProviderComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.provider.openai";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiProviderComponent.class);

    private final OpenAiProvider provider;
    private final ProviderRegistration registration;

    @Activate
    public OpenAiProviderComponent(BundleContext context, OpenAiConfig config) {
        this(context, config, System::getenv);
    }

    OpenAiProviderComponent(BundleContext context, OpenAiConfig config, UnaryOperator<String> env) {
        ProviderSettings settings;
        OpenAiOptions options;
        try {
            settings = settings(config, env);
            options = options(config, settings);
        } catch (IllegalArgumentException e) {
            LOG.error("OpenAI provider configuration '{}' is invalid: {}", config.id(), e.getMessage());
            throw e;
        }
        ExecutorService executor = HttpStreamer.newExecutor(settings.id());
        provider = new OpenAiProvider(settings, options, executor);
        registration = ProviderRegistration.register(context, provider, settings, executor);
        LOG.info("OpenAI provider '{}' active: {} model(s) at {}; {}", settings.id(), settings.models().size(),
                settings.baseUrl(), settings.key().isPresent() ? "API key configured"
                        : "DOWN: " + settings.configHealth().message());
    }

    /** The validated settings of a configuration; the message of the exception names the bad setting. */
    static ProviderSettings settings(OpenAiConfig config, UnaryOperator<String> env) {
        return ProviderSettings.builder(config.id()).displayName(config.name()).baseUrl(config.baseUrl())
                .apiKey(config.apiKey(), config.apiKeyEnv(), env).models(config.models())
                .timeouts(Timeouts.ofSeconds(config.connectTimeoutSeconds(), config.firstByteTimeoutSeconds(),
                        config.idleTimeoutSeconds()))
                .build();
    }

    /** The OpenAI-specific settings (organization, project, models that take a temperature). */
    static OpenAiOptions options(OpenAiConfig config, ProviderSettings settings) {
        return OpenAiOptions.of(config.organization(), config.project(), config.temperatureModels(),
                settings.models());
    }

    OpenAiProvider provider() {
        return provider;
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
