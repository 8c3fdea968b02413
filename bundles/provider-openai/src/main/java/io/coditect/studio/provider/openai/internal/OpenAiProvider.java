package io.coditect.studio.provider.openai.internal;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.provider.support.ApiKeys;
import io.coditect.studio.provider.support.HealthTracker;
import io.coditect.studio.provider.support.HttpStreamer;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's GPT and Codex models through the Responses API, without OSGi: tests construct it
 * directly.
 *
 * <p>{@link #stream} maps the request ({@link OpenAiRequests}), sends
 * {@code POST {baseUrl}/v1/responses} with {@code stream: true} and maps the server-sent events
 * ({@link OpenAiStreamHandler}); the {@link HttpStreamer} does timeouts, cancel, failure mapping
 * and the SPI's ordering rules.
 */
public final class OpenAiProvider implements LlmProvider, AutoCloseable {

    static final String RESPONSES_PATH = "/v1/responses";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiProvider.class);

    private final ProviderSettings settings;
    private final OpenAiOptions options;
    private final HealthTracker health;
    private final HttpStreamer streamer;

    /**
     * @param executor runs the streams; owned by the caller, who shuts it down after {@link #close()}
     *                 (see {@link HttpStreamer#newExecutor(String)})
     */
    public OpenAiProvider(ProviderSettings settings, OpenAiOptions options, ExecutorService executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.options = Objects.requireNonNull(options, "options");
        this.health = new HealthTracker(settings.configHealth());
        this.streamer = new HttpStreamer(settings, HttpStreamer.newHttpClient(settings.timeouts(), executor), executor,
                health);
    }

    public OpenAiProvider(ProviderSettings settings, ExecutorService executor) {
        this(settings, OpenAiOptions.DEFAULT, executor);
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public String displayName() {
        return settings.displayName();
    }

    @Override
    public List<ModelInfo> models() {
        return settings.models();
    }

    @Override
    public Health health() {
        return health.health();
    }

    /**
     * @throws ProviderException of kind BAD_REQUEST, before anything is sent, for a model this
     *                           instance does not serve and for a request the model cannot take
     *                           (see {@link OpenAiRequests})
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        ModelInfo model = settings.model(request.model()).orElseThrow(() -> new ProviderException(
                ProviderException.Kind.BAD_REQUEST, id(), id() + ": unknown model '" + StudioIds.printable(request.model())
                        + "'; this provider serves " + settings.models().stream().map(ModelInfo::id)
                                .collect(Collectors.joining(", "))));
        byte[] body = OpenAiRequests.toJson(id(), request, model, options);
        if (OpenAiRequests.dropsTemperature(request, model, options)) {
            LOG.debug("{}: temperature left out for model '{}' (not listed in temperatureModels)", id(), model.id());
        }
        Secret key = settings.apiKey();
        if (key == null) {
            return streamer.fail(request.model(), listener, new ProviderException(ProviderException.Kind.UNAUTHORIZED,
                    id(), id() + ": " + ApiKeys.missingMessage(settings.apiKeyEnv())));
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(settings.endpoint(RESPONSES_PATH))
                .header("authorization", "Bearer " + key.reveal())
                .header("content-type", "application/json")
                .header("accept", "text/event-stream");
        if (!options.organization().isEmpty()) {
            http.header("openai-organization", options.organization());
        }
        if (!options.project().isEmpty()) {
            http.header("openai-project", options.project());
        }
        return streamer.stream(http.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), request.model(),
                listener, new OpenAiStreamHandler());
    }

    /** Streams still running. */
    int activeStreams() {
        return streamer.activeStreams();
    }

    /**
     * Ends running streams with {@code onError(UNAVAILABLE)} and fails later ones the same way. Does
     * not shut the executor down.
     */
    @Override
    public void close() {
        streamer.close();
    }

    @Override
    public String toString() {
        return "OpenAiProvider[" + settings + ", " + options + "]";
    }
}
