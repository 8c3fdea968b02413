package io.coditect.studio.provider.support;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;

/**
 * What every HTTP adapter shares: settings, health, the streamer, the unknown-model and missing-key
 * answers, and close. A subclass maps the request and the stream.
 */
public abstract class HttpLlmProvider implements LlmProvider, AutoCloseable {

    protected final ProviderSettings settings;
    protected final HttpStreamer streamer;
    private final HealthTracker health;

    /**
     * @param initialHealth health before the first call (usually {@link ProviderSettings#configHealth()})
     * @param wrapClient    lets an adapter decorate the HTTP client (identity for most)
     * @param executor      runs the streams; owned by the caller, who shuts it down after {@link #close()}
     *                      (see {@link HttpStreamer#newExecutor(String)})
     */
    protected HttpLlmProvider(ProviderSettings settings, Health initialHealth, UnaryOperator<HttpClient> wrapClient,
            ExecutorService executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.health = new HealthTracker(initialHealth);
        this.streamer = new HttpStreamer(settings, wrapClient.apply(HttpStreamer.newHttpClient(settings.timeouts(),
                executor)), executor, health);
    }

    protected HttpLlmProvider(ProviderSettings settings, ExecutorService executor) {
        this(settings, Objects.requireNonNull(settings, "settings").configHealth(), UnaryOperator.identity(), executor);
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
     * The configured model the request names.
     *
     * @throws ProviderException BAD_REQUEST naming the models this instance serves
     */
    protected ModelInfo requireModel(ChatRequest request, ChatListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        return settings.model(request.model()).orElseThrow(() -> new ProviderException(
                ProviderException.Kind.BAD_REQUEST, id(), id() + ": unknown model '"
                        + StudioIds.printable(request.model()) + "'; this provider serves "
                        + settings.models().stream().map(ModelInfo::id).collect(Collectors.joining(", "))));
    }

    /** Ends the stream at once with UNAUTHORIZED saying how to configure the key. */
    protected StreamHandle failMissingKey(ChatRequest request, ChatListener listener) {
        return streamer.fail(request.model(), listener, new ProviderException(ProviderException.Kind.UNAUTHORIZED,
                id(), id() + ": " + ApiKeys.missingMessage(settings.apiKeyEnv())));
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
        return getClass().getSimpleName() + "[" + settings + "]";
    }
}
