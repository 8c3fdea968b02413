package io.coditect.studio.provider.gemini.internal;

import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.provider.support.HttpLlmProvider;
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
public final class GeminiProvider extends HttpLlmProvider {

    /** Path of the API version and the models collection. */
    static final String MODELS_PATH = "/v1beta/models/";

    /** Model ids go into the URL path unescaped: letters, digits, '.', '_' and '-' only. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Thought signatures remembered per provider instance (see {@link ThoughtSignatures}). */
    static final int SIGNATURES_KEPT = 2048;

    private static final SecureRandom RANDOM = new SecureRandom();

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
        super(checkModelIds(settings), settings.configHealth(), GeminiHttpClient::new, executor);
        this.callIdPrefixes = Objects.requireNonNull(callIdPrefixes, "callIdPrefixes");
    }

    /** @throws IllegalArgumentException naming the first model id that cannot go into the URL path */
    static ProviderSettings checkModelIds(ProviderSettings settings) {
        for (ModelInfo model : settings.models()) {
            if (!MODEL_ID.matcher(model.id()).matches()) {
                throw new IllegalArgumentException("models: the id '" + StudioIds.printable(model.id())
                        + "' cannot be used in the Gemini URL; use the model code as the API names it, for example"
                        + " gemini-2.5-flash (letters, digits, '.', '_' and '-', without a 'models/' prefix)");
            }
        }
        return settings;
    }

    /**
     * @throws ProviderException of kind BAD_REQUEST, before anything is sent, for a model this
     *                           instance does not serve and for a request the model cannot take
     *                           (see {@link GeminiRequests})
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        ModelInfo model = requireModel(request, listener);
        byte[] body = GeminiRequests.toJson(id(), request, model, signatures);
        Secret key = settings.apiKey();
        if (key == null) {
            return failMissingKey(request, listener);
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

    ThoughtSignatures signatures() {
        return signatures;
    }

    /** {@code gc_} and 12 random hex digits: generated call ids are {@code <prefix>_<n>}. */
    static String randomCallIdPrefix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "gc_" + HexFormat.of().formatHex(bytes);
    }
}
