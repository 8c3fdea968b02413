package io.coditect.studio.provider.anthropic.internal;

import java.net.http.HttpRequest;
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

/**
 * Claude through the Anthropic Messages API, without OSGi: tests construct it directly.
 *
 * <p>{@link #stream} maps the request ({@link AnthropicRequests}), sends
 * {@code POST {baseUrl}/v1/messages} with {@code stream: true} and maps the server-sent events
 * ({@link AnthropicStreamHandler}); the {@link HttpStreamer} does timeouts, cancel, failure mapping
 * and the SPI's ordering rules.
 */
public final class AnthropicProvider extends HttpLlmProvider {

    /** The {@code anthropic-version} header sent with every request. */
    public static final String API_VERSION = "2023-06-01";

    static final String MESSAGES_PATH = "/v1/messages";


    /**
     * @param executor runs the streams; owned by the caller, who shuts it down after {@link #close()}
     *                 (see {@link HttpStreamer#newExecutor(String)})
     */
    public AnthropicProvider(ProviderSettings settings, ExecutorService executor) {
        super(settings, executor);
    }

    /**
     * @throws ProviderException of kind BAD_REQUEST, before anything is sent, for a model this
     *                           instance does not serve and for a request the model cannot take
     *                           (see {@link AnthropicRequests})
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        ModelInfo model = requireModel(request, listener);
        byte[] body = AnthropicRequests.toJson(id(), request, model);
        Secret key = settings.apiKey();
        if (key == null) {
            return failMissingKey(request, listener);
        }
        HttpRequest http = HttpRequest.newBuilder(settings.endpoint(MESSAGES_PATH))
                .header("x-api-key", key.reveal())
                .header("anthropic-version", API_VERSION)
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return streamer.stream(http, request.model(), listener, new AnthropicStreamHandler());
    }

}
