package io.coditect.studio.example.provider.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One echo-upper provider per factory configuration {@value #PID}~&lt;name&gt;, created live with
 * {@code POST /api/v1/admin/plugins/{bundleId}/configurations} or {@code studio:plugin-config set
 * <bundleId> new id=…}.
 *
 * <p>Declarative Services publishes every configuration property as a service property except
 * those whose names start with a dot, so a real provider keeps its secrets in such properties
 * ({@code .apiKey}), sealed with {@code studio:seal} ({@code ENC(v1:…)}), and never logs them.
 */
@ObjectClassDefinition(id = EchoUpperConfig.PID, name = "Echo-upper LLM provider (SDK example)",
        description = "Answers the last user message in upper case, word by word.")
public @interface EchoUpperConfig {

    String PID = "io.coditect.studio.example.provider";

    @AttributeDefinition(name = "Id", description = "The provider's id, unique in the studio: 1-63 lower-case letters,"
            + " digits or inner hyphens")
    String id();

    @AttributeDefinition(name = "Name", required = false, description = "The name shown to people")
    String name() default "Echo upper (SDK example)";

    @AttributeDefinition(name = "Delay (ms)", required = false,
            description = "Pause before each word, to watch streaming and cancellation")
    long delayMillis() default 0;
}
