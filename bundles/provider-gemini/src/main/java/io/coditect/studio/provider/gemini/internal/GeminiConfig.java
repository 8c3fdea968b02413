package io.coditect.studio.provider.gemini.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Gemini API account or endpoint: a factory configuration with factory PID
 * {@value GeminiProviderComponent#PID}, for example
 * {@code etc/io.coditect.studio.provider.gemini-team-a.cfg}.
 */
@ObjectClassDefinition(id = GeminiProviderComponent.PID, name = "CODITECT Studio Gemini provider",
        description = "Google Gemini through the Gemini API (streamGenerateContent). One configuration per account or"
                + " endpoint.")
public @interface GeminiConfig {

    @AttributeDefinition(name = "Provider id", description = "Unique id of this provider instance (studio.plugin.id):"
            + " 1-63 lower-case letters, digits or inner hyphens.")
    String id() default "gemini";

    @AttributeDefinition(name = "Display name", description = "Name shown to people, for example 'Gemini (team A)'.")
    String name() default "Google Gemini";

    @AttributeDefinition(name = "Base URL", description = "Where the Gemini API is; requests go to"
            + " {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse. Change it for a proxy or gateway.")
    String baseUrl() default "https://generativelanguage.googleapis.com";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "The API key (x-goog-api-key). Leave empty to take it from the environment variable named"
                    + " below.")
    String apiKey() default "";

    @AttributeDefinition(name = "API key environment variable", required = false,
            description = "Environment variable holding the API key, used when 'API key' is empty.")
    String apiKeyEnv() default "GEMINI_API_KEY";

    @AttributeDefinition(name = "Models", description = "One model per entry: id|display name|CAPABILITY,CAPABILITY|"
            + "contextWindow|inputUsdPerMTok|outputUsdPerMTok. Several entries in one value are separated by ';'."
            + " Ids may use letters, digits, '.', '_' and '-'.")
    String[] models() default {
        "gemini-3.8-flash|Gemini 3.8 Flash|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1048576|0.75|3.75",
        "gemini-3.1-pro-preview|Gemini 3.1 Pro (preview)|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1048576|2|12",
        "gemini-3.5-flash-lite|Gemini 3.5 Flash-Lite|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|1048576|0.30|2.50",
        "gemini-2.5-pro|Gemini 2.5 Pro|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1048576|1.25|10",
        "gemini-2.5-flash|Gemini 2.5 Flash|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1048576|0.30|2.50",
        "gemini-2.5-flash-lite|Gemini 2.5 Flash-Lite|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|1048576|0.10|0.40" };

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", description = "Time to open the connection.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "First-byte timeout (s)", min = "1",
            description = "Time from sending a request to the first byte of the streamed answer. Gemini sends"
                    + " nothing while a model thinks, so this covers the thinking time.")
    int firstByteTimeoutSeconds() default 120;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1",
            description = "Longest silence between two chunks of a streamed answer.")
    int idleTimeoutSeconds() default 60;
}
