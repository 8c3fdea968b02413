package io.coditect.studio.provider.openai.compatible.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, a gateway): a factory configuration with
 * factory PID {@value OpenAiCompatibleProviderComponent#PID}, for example
 * {@code etc/io.coditect.studio.provider.openai.compatible-ollama.cfg}.
 */
@ObjectClassDefinition(id = OpenAiCompatibleProviderComponent.PID, name = "CODITECT Studio OpenAI-compatible provider",
        description = "Any server that speaks OpenAI's Chat Completions API with streaming (Ollama, vLLM, llama.cpp,"
                + " LM Studio, gateways). One configuration per endpoint.")
public @interface OpenAiCompatibleConfig {

    @AttributeDefinition(name = "Provider id", description = "Unique id of this provider instance (studio.plugin.id):"
            + " 1-63 lower-case letters, digits or inner hyphens.")
    String id() default "local";

    @AttributeDefinition(name = "Display name", description = "Name shown to people, for example 'Ollama (GPU box)'.")
    String name() default "Local model";

    @AttributeDefinition(name = "Base URL", description = "The API root including its version path; requests go to"
            + " {baseUrl}/chat/completions. Ollama: http://127.0.0.1:11434/v1, vLLM: http://127.0.0.1:8000/v1,"
            + " llama.cpp: http://127.0.0.1:8080/v1.")
    String baseUrl();

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "The API key (Authorization: Bearer), if the server wants one. Leave empty for none or to take"
                    + " it from the environment variable named below.")
    String apiKey() default "";

    @AttributeDefinition(name = "API key environment variable", required = false,
            description = "Environment variable holding the API key, used when 'API key' is empty. When set, the key is"
                    + " required: without it the provider is DOWN.")
    String apiKeyEnv() default "";

    @AttributeDefinition(name = "Models", description = "The models the server serves, one per entry: id|display name|"
            + "CAPABILITY,CAPABILITY|contextWindow|inputUsdPerMTok|outputUsdPerMTok (prices may be empty). Several"
            + " entries in one value are separated by ';'.")
    String[] models();

    @AttributeDefinition(name = "Max-tokens field", description = "Request field for the answer's token limit:"
            + " max_tokens (most servers) or max_completion_tokens (newer OpenAI models).")
    String maxTokensField() default "max_tokens";

    @AttributeDefinition(name = "Ask for usage", description = "Send stream_options.include_usage so the server reports"
            + " token usage at the end of the stream. Turn off for servers that refuse the field.")
    boolean includeUsage() default true;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", description = "Time to open the connection.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "First-byte timeout (s)", min = "1",
            description = "Time from sending a request to the first byte of the streamed answer (a local server may first"
                    + " have to load the model).")
    int firstByteTimeoutSeconds() default 120;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1", description = "Longest silence within a streamed answer.")
    int idleTimeoutSeconds() default 120;
}
