package io.coditect.studio.provider.kimi.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Moonshot (Kimi) account or endpoint: a factory configuration with factory PID
 * {@value KimiProviderComponent#PID}, for example {@code etc/io.coditect.studio.provider.kimi-team-a.cfg}.
 */
@ObjectClassDefinition(id = KimiProviderComponent.PID, name = "CODITECT Studio Kimi provider",
        description = "Moonshot Kimi models through the Kimi API (OpenAI-compatible Chat Completions). One configuration"
                + " per account or endpoint.")
public @interface KimiConfig {

    @AttributeDefinition(name = "Provider id", description = "Unique id of this provider instance (studio.plugin.id):"
            + " 1-63 lower-case letters, digits or inner hyphens.")
    String id() default "kimi";

    @AttributeDefinition(name = "Display name", description = "Name shown to people, for example 'Kimi (team A)'.")
    String name() default "Kimi (Moonshot)";

    @AttributeDefinition(name = "Base URL", description = "The API root including its version path; requests go to"
            + " {baseUrl}/chat/completions. https://api.moonshot.ai/v1 (international) or https://api.moonshot.cn/v1"
            + " (China; keys of the two platforms are not interchangeable).")
    String baseUrl() default "https://api.moonshot.ai/v1";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "The API key (Authorization: Bearer). Leave empty to take it from the environment variable"
                    + " named below.")
    String apiKey() default "";

    @AttributeDefinition(name = "API key environment variable", required = false,
            description = "Environment variable holding the API key, used when 'API key' is empty.")
    String apiKeyEnv() default "MOONSHOT_API_KEY";

    @AttributeDefinition(name = "Models", description = "One model per entry: id|display name|CAPABILITY,CAPABILITY|"
            + "contextWindow|inputUsdPerMTok|outputUsdPerMTok. Several entries in one value are separated by ';'.")
    String[] models() default {
        "kimi-k2.6|Kimi K2.6|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|262144|0.95|4",
        "kimi-k2.5|Kimi K2.5|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|262144|0.6|3",
        "moonshot-v1-8k|Moonshot v1 8K|CHAT,TOOLS|8192|0.2|2",
        "moonshot-v1-32k|Moonshot v1 32K|CHAT,TOOLS|32768|1|3",
        "moonshot-v1-128k|Moonshot v1 128K|CHAT,TOOLS,LONG_CONTEXT|131072|2|5" };

    @AttributeDefinition(name = "Max-tokens field", description = "Request field for the answer's token limit:"
            + " max_completion_tokens (current Kimi API; max_tokens is deprecated there) or max_tokens.")
    String maxTokensField() default "max_completion_tokens";

    @AttributeDefinition(name = "Models with a fixed temperature", required = false,
            description = "Models that refuse a temperature (the Kimi K2.5/K2.6 family uses a fixed one); no temperature"
                    + " is sent for them. Ids separated by ',' or ';'. Other models get the requested temperature"
                    + " limited to Kimi's range 0-1.")
    String[] fixedTemperatureModels() default { "kimi-k2.6", "kimi-k2.5" };

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", description = "Time to open the connection.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "First-byte timeout (s)", min = "1",
            description = "Time from sending a request to the first byte of the streamed answer.")
    int firstByteTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1",
            description = "Longest silence within a streamed answer (thinking models stream their reasoning meanwhile).")
    int idleTimeoutSeconds() default 60;
}
