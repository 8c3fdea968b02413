package io.coditect.studio.provider.openai.internal;

import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.provider.support.HttpLlmProvider;
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
public final class OpenAiProvider extends HttpLlmProvider {

    static final String RESPONSES_PATH = "/v1/responses";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiProvider.class);

    private final OpenAiOptions options;

    /**
     * @param executor runs the streams; owned by the caller, who shuts it down after {@link #close()}
     *                 (see {@link HttpStreamer#newExecutor(String)})
     */
    public OpenAiProvider(ProviderSettings settings, OpenAiOptions options, ExecutorService executor) {
        super(settings, executor);
        this.options = Objects.requireNonNull(options, "options");
    }

    public OpenAiProvider(ProviderSettings settings, ExecutorService executor) {
        this(settings, OpenAiOptions.DEFAULT, executor);
    }

    /**
     * @throws ProviderException of kind BAD_REQUEST, before anything is sent, for a model this
     *                           instance does not serve and for a request the model cannot take
     *                           (see {@link OpenAiRequests})
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        ModelInfo model = requireModel(request, listener);
        byte[] body = OpenAiRequests.toJson(id(), request, model, options);
        if (OpenAiRequests.dropsTemperature(request, model, options)) {
            LOG.debug("{}: temperature left out for model '{}' (not listed in temperatureModels)", id(), model.id());
        }
        Secret key = settings.apiKey();
        if (key == null) {
            return failMissingKey(request, listener);
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

    @Override
    public String toString() {
        return "OpenAiProvider[" + settings + ", " + options + "]";
    }
}
