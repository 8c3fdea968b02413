package io.coditect.studio.provider.support.chat;

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

/**
 * An {@link LlmProvider} for any OpenAI Chat Completions endpoint, without OSGi: an adapter
 * component creates one per configuration with its {@link ChatCompletionsDialect}.
 *
 * <p>{@link #stream} maps the request ({@link ChatCompletionsRequests}), sends
 * {@code POST {baseUrl}/chat/completions} (the base URL includes the version path, for example
 * {@code https://api.moonshot.ai/v1}) with {@code Authorization: Bearer <key>} when there is a key,
 * and maps the chunks ({@link ChatCompletionsStreamHandler}); the {@link HttpStreamer} does
 * timeouts, cancel, failure mapping and the SPI's ordering rules.
 */
public final class ChatCompletionsProvider implements LlmProvider, AutoCloseable {

    /** The path after the base URL. */
    public static final String PATH = "/chat/completions";

    private final ProviderSettings settings;
    private final ChatCompletionsDialect dialect;
    private final HealthTracker health;
    private final HttpStreamer streamer;

    /**
     * @param executor runs the streams; owned by the caller, who shuts it down after {@link #close()}
     *                 (see {@link HttpStreamer#newExecutor(String)})
     */
    public ChatCompletionsProvider(ProviderSettings settings, ChatCompletionsDialect dialect, ExecutorService executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.health = new HealthTracker(dialect.apiKeyRequired() ? settings.configHealth() : Health.up());
        this.streamer = new HttpStreamer(settings, HttpStreamer.newHttpClient(settings.timeouts(), executor), executor,
                health);
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

    public ProviderSettings settings() {
        return settings;
    }

    /**
     * @throws ProviderException of kind BAD_REQUEST, before anything is sent, for a model this
     *                           instance does not serve and for a request the model cannot take
     *                           (see {@link ChatCompletionsRequests})
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        ModelInfo model = settings.model(request.model()).orElseThrow(() -> new ProviderException(
                ProviderException.Kind.BAD_REQUEST, id(), id() + ": unknown model '" + StudioIds.printable(request.model())
                        + "'; this provider serves " + settings.models().stream().map(ModelInfo::id)
                                .collect(Collectors.joining(", "))));
        byte[] body = ChatCompletionsRequests.toJson(id(), request, model, dialect);
        Secret key = settings.apiKey();
        if (key == null && dialect.apiKeyRequired()) {
            return streamer.fail(request.model(), listener, new ProviderException(ProviderException.Kind.UNAUTHORIZED,
                    id(), id() + ": " + ApiKeys.missingMessage(settings.apiKeyEnv())));
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(settings.endpoint(PATH))
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            http.header("authorization", "Bearer " + key.reveal());
        }
        return streamer.stream(http.build(), request.model(), listener, new ChatCompletionsStreamHandler(dialect));
    }

    /** Streams still running. */
    public int activeStreams() {
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
        return "ChatCompletionsProvider[" + settings + "]";
    }
}
