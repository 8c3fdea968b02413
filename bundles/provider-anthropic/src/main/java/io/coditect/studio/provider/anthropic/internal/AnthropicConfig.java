package io.coditect.studio.provider.anthropic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Anthropic account or endpoint: a factory configuration with factory PID
 * {@value AnthropicProviderComponent#PID}, for example
 * {@code etc/io.coditect.studio.provider.anthropic-team-a.cfg}.
 */
@ObjectClassDefinition(id = AnthropicProviderComponent.PID, name = "CODITECT Studio Anthropic provider",
        description = "Claude through the Anthropic Messages API. One configuration per account or endpoint.")
public @interface AnthropicConfig {

    @AttributeDefinition(name = "Provider id", description = "Unique id of this provider instance (studio.plugin.id):"
            + " 1-63 lower-case letters, digits or inner hyphens.")
    String id() default "anthropic";

    @AttributeDefinition(name = "Display name", description = "Name shown to people, for example 'Anthropic (team A)'.")
    String name() default "Anthropic";

    @AttributeDefinition(name = "Base URL", description = "Where the Messages API is; requests go to {baseUrl}/v1/messages."
            + " Change it for a proxy or gateway.")
    String baseUrl() default "https://api.anthropic.com";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "The API key (x-api-key). Leave empty to take it from the environment variable named below.")
    String apiKey() default "";

    @AttributeDefinition(name = "API key environment variable", required = false,
            description = "Environment variable holding the API key, used when 'API key' is empty.")
    String apiKeyEnv() default "ANTHROPIC_API_KEY";

    @AttributeDefinition(name = "Models", description = "One model per entry: id|display name|CAPABILITY,CAPABILITY|"
            + "contextWindow|inputUsdPerMTok|outputUsdPerMTok. Several entries in one value are separated by ';'.")
    String[] models() default {
        "claude-opus-5-5|Claude Opus 5.5|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1000000|4|20",
        "claude-sonnet-5-5|Claude Sonnet 5.5|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1000000|2|10",
        "claude-haiku-4-5|Claude Haiku 4.5|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|200000|1|5" };

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", description = "Time to open the connection.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "First-byte timeout (s)", min = "1",
            description = "Time from sending a request to the first byte of the streamed answer.")
    int firstByteTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1",
            description = "Longest silence within a streamed answer (the API sends pings while the model works).")
    int idleTimeoutSeconds() default 60;
}
