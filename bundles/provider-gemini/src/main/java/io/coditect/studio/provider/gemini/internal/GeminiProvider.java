package io.coditect.studio.provider.gemini.internal;

import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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
 * Google Gemini through the Gemini API, without OSGi: tests construct it directly.
 *
 * <p>{@link #stream} maps the request ({@link GeminiRequests}), sends
 * {@code POST {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse} with the key in
 * {@code x-goog-api-key} and maps the server-sent chunks ({@link GeminiStreamHandler}); the
 * {@link HttpStreamer} does timeouts, cancel, failure mapping and the SPI's ordering rules.
 * {@link GeminiHttpClient} adapts Gemini's error responses (retry delay in the body, a rejected key
 * answered with 400) before the streamer maps them.
 */
public final class GeminiProvider implements LlmProvider, AutoCloseable {

    /** Path of the API version and the models collection. */
    static final String MODELS_PATH = "/v1beta/models/";

    /** Model ids go into the URL path unescaped: letters, digits, '.', '_' and '-' only. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Thought signatures remembered per provider instance (see {@link ThoughtSignatures}). */
    static final int SIGNATURES_KEPT = 2048;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProviderSettings settings;
    private final HealthTracker health;
    private final HttpStreamer streamer;
    private final ThoughtSignatures signatures = new ThoughtSignatures(SIGNATURES_KEPT);
    private final Supplier<String> callIdPrefixes;

    /**
     * @param executor runs the streams; owned by the caller, who shuts it down after {@link #close()}
     *                 (see {@link HttpStreamer#newExecutor(String)})
     * @throws IllegalArgumentException when a model id cannot go into the request URL
     */
    public GeminiProvider(ProviderSettings settings, ExecutorService executor) {
        this(settings, executor, GeminiProvider::randomCallIdPrefix);
    }

    GeminiProvider(ProviderSettings settings, ExecutorService executor, Supplier<String> callIdPrefixes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        checkModelIds(settings);
        this.callIdPrefixes = Objects.requireNonNull(callIdPrefixes, "callIdPrefixes");
        this.health = new HealthTracker(settings.configHealth());
        this.streamer = new HttpStreamer(settings,
                new GeminiHttpClient(HttpStreamer.newHttpClient(settings.timeouts(), executor)), executor, health);
    }

    /** @throws IllegalArgumentException naming the first model id that cannot go into the URL path */
    static void checkModelIds(ProviderSettings settings) {
        for (ModelInfo model : settings.models()) {
            if (!MODEL_ID.matcher(model.id()).matches()) {
                throw new IllegalArgumentException("models: the id '" + StudioIds.printable(model.id())
                        + "' cannot be used in the Gemini URL; use the model code as the API names it, for example"
                        + " gemini-2.5-flash (letters, digits, '.', '_' and '-', without a 'models/' prefix)");
            }
        }
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
     *                           (see {@link GeminiRequests})
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        ModelInfo model = settings.model(request.model()).orElseThrow(() -> new ProviderException(
                ProviderException.Kind.BAD_REQUEST, id(), id() + ": unknown model '" + StudioIds.printable(request.model())
                        + "'; this provider serves " + settings.models().stream().map(ModelInfo::id)
                                .collect(Collectors.joining(", "))));
        byte[] body = GeminiRequests.toJson(id(), request, model, signatures);
        Secret key = settings.apiKey();
        if (key == null) {
            return streamer.fail(request.model(), listener, new ProviderException(ProviderException.Kind.UNAUTHORIZED,
                    id(), id() + ": " + ApiKeys.missingMessage(settings.apiKeyEnv())));
        }
        HttpRequest http = HttpRequest.newBuilder(settings.endpoint(MODELS_PATH + model.id()
                        + ":streamGenerateContent?alt=sse"))
                .header("x-goog-api-key", key.reveal())
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return streamer.stream(http, request.model(), listener,
                new GeminiStreamHandler(model.id(), signatures, callIdPrefixes.get()));
    }

    /** Streams still running. */
    int activeStreams() {
        return streamer.activeStreams();
    }

    ThoughtSignatures signatures() {
        return signatures;
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
        return "GeminiProvider[" + settings + "]";
    }

    /** {@code gc_} and 12 random hex digits: generated call ids are {@code <prefix>_<n>}. */
    static String randomCallIdPrefix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "gc_" + HexFormat.of().formatHex(bytes);
    }
}
