package io.coditect.studio.provider.kimi.internal;

import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.provider.support.HttpStreamer;
import io.coditect.studio.provider.support.ProviderRegistration;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.Timeouts;
import io.coditect.studio.provider.support.chat.ChatCompletionsProvider;
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
 * One Kimi provider per factory configuration ({@value #PID}-&lt;name&gt;).
 *
 * <p>Like the other adapters it registers the {@link LlmProvider} service itself, so the service
 * carries exactly {@code studio.plugin.id}, {@code studio.plugin.kind=provider} and
 * {@code studio.plugin.name} and never the configuration (with the API key). A configuration change
 * re-creates the component; streams running at that moment end with {@code onError(UNAVAILABLE)}
 * "the provider was stopped".
 */
@Component(service = {}, immediate = true, configurationPid = KimiProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KimiConfig.class, factory = true)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.llm.LlmProvider\"",
        uses = LlmProvider.class)
public final class KimiProviderComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.provider.kimi";

    private static final Logger LOG = LoggerFactory.getLogger(KimiProviderComponent.class);

    private final ChatCompletionsProvider provider;
    private final ProviderRegistration registration;

    @Activate
    public KimiProviderComponent(BundleContext context, KimiConfig config) {
        this(context, config, System::getenv);
    }

    KimiProviderComponent(BundleContext context, KimiConfig config, UnaryOperator<String> env) {
        ProviderSettings settings;
        KimiDialect dialect;
        try {
            settings = settings(config, env);
            dialect = dialect(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Kimi provider configuration '{}' is invalid: {}", config.id(), e.getMessage());
            throw e;
        }
        ExecutorService executor = HttpStreamer.newExecutor(settings.id());
        provider = new ChatCompletionsProvider(settings, dialect, executor);
        registration = ProviderRegistration.register(context, provider, settings, executor);
        LOG.info("Kimi provider '{}' active: {} model(s) at {}; {}", settings.id(), settings.models().size(),
                settings.baseUrl(), settings.key().isPresent() ? "API key configured"
                        : "DOWN: " + settings.configHealth().message());
    }

    /** The validated settings of a configuration; the message of the exception names the bad setting. */
    static ProviderSettings settings(KimiConfig config, UnaryOperator<String> env) {
        return ProviderSettings.builder(config.id()).displayName(config.name()).baseUrl(config.baseUrl())
                .apiKey(config.apiKey(), config.apiKeyEnv(), env).models(config.models())
                .timeouts(Timeouts.ofSeconds(config.connectTimeoutSeconds(), config.firstByteTimeoutSeconds(),
                        config.idleTimeoutSeconds()))
                .build();
    }

    static KimiDialect dialect(KimiConfig config) {
        return new KimiDialect(config.maxTokensField(), KimiDialect.modelIds(config.fixedTemperatureModels()));
    }

    ChatCompletionsProvider provider() {
        return provider;
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
