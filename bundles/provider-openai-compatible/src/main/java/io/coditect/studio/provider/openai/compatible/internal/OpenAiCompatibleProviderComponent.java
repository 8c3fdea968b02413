package io.coditect.studio.provider.openai.compatible.internal;

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
 * One provider per OpenAI-compatible endpoint, per factory configuration ({@value #PID}-&lt;name&gt;).
 *
 * <p>No API key is needed unless one is configured: without {@code apiKey} and {@code apiKeyEnv}
 * requests carry no {@code Authorization} header and the provider is UP.
 *
 * <p>Like the other adapters it registers the {@link LlmProvider} service itself, so the service
 * carries exactly {@code studio.plugin.id}, {@code studio.plugin.kind=provider} and
 * {@code studio.plugin.name} and never the configuration (with the API key). A configuration change
 * re-creates the component; streams running at that moment end with {@code onError(UNAVAILABLE)}
 * "the provider was stopped".
 */
@Component(service = {}, immediate = true, configurationPid = OpenAiCompatibleProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OpenAiCompatibleConfig.class, factory = true)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.llm.LlmProvider\"",
        uses = LlmProvider.class)
public final class OpenAiCompatibleProviderComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.provider.openai.compatible";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleProviderComponent.class);

    private final ChatCompletionsProvider provider;
    private final ProviderRegistration registration;

    @Activate
    public OpenAiCompatibleProviderComponent(BundleContext context, OpenAiCompatibleConfig config) {
        this(context, config, System::getenv);
    }

    OpenAiCompatibleProviderComponent(BundleContext context, OpenAiCompatibleConfig config, UnaryOperator<String> env) {
        ProviderSettings settings;
        OpenAiCompatibleDialect dialect;
        try {
            settings = settings(config, env);
            dialect = dialect(config);
        } catch (IllegalArgumentException e) {
            LOG.error("OpenAI-compatible provider configuration '{}' is invalid: {}", config.id(), e.getMessage());
            throw e;
        }
        ExecutorService executor = HttpStreamer.newExecutor(settings.id());
        provider = new ChatCompletionsProvider(settings, dialect, executor);
        registration = ProviderRegistration.register(context, provider, settings, executor);
        LOG.info("OpenAI-compatible provider '{}' active: {} model(s) at {}; {}", settings.id(),
                settings.models().size(), settings.baseUrl(), settings.key().isPresent() ? "API key configured"
                        : dialect.apiKeyRequired() ? "DOWN: " + settings.configHealth().message() : "no API key");
    }

    /** The validated settings of a configuration; the message of the exception names the bad setting. */
    static ProviderSettings settings(OpenAiCompatibleConfig config, UnaryOperator<String> env) {
        if (config.baseUrl() == null || config.baseUrl().isBlank()) {
            throw new IllegalArgumentException("baseUrl is required: the API root with its version path, for example"
                    + " http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8000/v1 (vLLM) or http://127.0.0.1:8080/v1"
                    + " (llama.cpp)");
        }
        return ProviderSettings.builder(config.id()).displayName(config.name()).baseUrl(config.baseUrl())
                .apiKey(config.apiKey(), config.apiKeyEnv(), env).models(config.models())
                .timeouts(Timeouts.ofSeconds(config.connectTimeoutSeconds(), config.firstByteTimeoutSeconds(),
                        config.idleTimeoutSeconds()))
                .build();
    }

    /**
     * The dialect: a key is required only when one was asked for ({@code apiKey} or {@code apiKeyEnv}
     * set); then a missing environment variable makes the provider DOWN instead of calling without it.
     */
    static OpenAiCompatibleDialect dialect(OpenAiCompatibleConfig config) {
        boolean keyRequired = !blank(config.apiKey()) || !blank(config.apiKeyEnv());
        return new OpenAiCompatibleDialect(keyRequired, config.maxTokensField(), config.includeUsage());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    ChatCompletionsProvider provider() {
        return provider;
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
