package io.coditect.studio.provider.openai.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One OpenAI account, project or endpoint: a factory configuration with factory PID
 * {@value OpenAiProviderComponent#PID}, for example
 * {@code etc/io.coditect.studio.provider.openai-team-a.cfg}.
 */
@ObjectClassDefinition(id = OpenAiProviderComponent.PID, name = "CODITECT Studio OpenAI provider",
        description = "OpenAI's GPT and Codex models through the Responses API. One configuration per account,"
                + " project or endpoint.")
public @interface OpenAiConfig {

    @AttributeDefinition(name = "Provider id", description = "Unique id of this provider instance (studio.plugin.id):"
            + " 1-63 lower-case letters, digits or inner hyphens.")
    String id() default "openai";

    @AttributeDefinition(name = "Display name", description = "Name shown to people, for example 'OpenAI (team A)'.")
    String name() default "OpenAI";

    @AttributeDefinition(name = "Base URL", description = "Where the API is; requests go to {baseUrl}/v1/responses."
            + " Change it for a proxy or gateway.")
    String baseUrl() default "https://api.openai.com";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "The API key (sent as 'Authorization: Bearer'). Leave empty to take it from the environment"
                    + " variable named below.")
    String apiKey() default "";

    @AttributeDefinition(name = "API key environment variable", required = false,
            description = "Environment variable holding the API key, used when 'API key' is empty.")
    String apiKeyEnv() default "OPENAI_API_KEY";

    @AttributeDefinition(name = "Organization", required = false,
            description = "Optional organization id (org-...), sent as the OpenAI-Organization header.")
    String organization() default "";

    @AttributeDefinition(name = "Project", required = false,
            description = "Optional project id (proj_...), sent as the OpenAI-Project header.")
    String project() default "";

    @AttributeDefinition(name = "Models", description = "One model per entry: id|display name|CAPABILITY,CAPABILITY|"
            + "contextWindow|inputUsdPerMTok|outputUsdPerMTok. Several entries in one value are separated by ';'.")
    String[] models() default {
        "gpt-6-astra|GPT-6 Astra|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1050000|10|50",
        "gpt-6.2-sol|GPT-6.2 Sol|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1050000|2|10",
        "gpt-6.1-terra|GPT-6.1 Terra|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1050000|1|5",
        "gpt-5.3-codex|GPT-5.3-Codex|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|400000|1.75|14" };

    @AttributeDefinition(name = "Models that take a temperature", required = false,
            description = "Ids of the models (from 'Models') that accept the 'temperature' parameter. OpenAI's"
                    + " reasoning models (GPT-5 and later, the Codex models) reject it, so for every model not listed"
                    + " here a requested temperature is left out of the request. Separate ids with ';' or ','.")
    String[] temperatureModels() default {};

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", description = "Time to open the connection.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "First-byte timeout (s)", min = "1",
            description = "Time from sending a request to the first byte of the streamed answer.")
    int firstByteTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1",
            description = "Longest silence within a streamed answer. A reasoning model can think for minutes between"
                    + " two events, so this is generous.")
    int idleTimeoutSeconds() default 300;
}
