package io.coditect.studio.provider.support.chat;

import io.coditect.studio.provider.support.HttpLlmProvider;

import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.concurrent.ExecutorService;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;
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
public final class ChatCompletionsProvider extends HttpLlmProvider {

    /** The path after the base URL. */
    public static final String PATH = "/chat/completions";

    private final ChatCompletionsDialect dialect;

    /**
     * @param executor runs the streams; owned by the caller, who shuts it down after {@link #close()}
     *                 (see {@link HttpStreamer#newExecutor(String)})
     */
    public ChatCompletionsProvider(ProviderSettings settings, ChatCompletionsDialect dialect, ExecutorService executor) {
        super(settings, dialect.apiKeyRequired() ? settings.configHealth() : Health.up(), UnaryOperator.identity(),
                executor);
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * @throws ProviderException of kind BAD_REQUEST, before anything is sent, for a model this
     *                           instance does not serve and for a request the model cannot take
     *                           (see {@link ChatCompletionsRequests})
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        ModelInfo model = requireModel(request, listener);
        byte[] body = ChatCompletionsRequests.toJson(id(), request, model, dialect);
        Secret key = settings.apiKey();
        if (key == null && dialect.apiKeyRequired()) {
            return failMissingKey(request, listener);
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

}
