package io.coditect.studio.provider.offline.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the offline provider, PID {@value OfflineProviderComponent#PID}; optional. */
@ObjectClassDefinition(id = OfflineProviderComponent.PID, name = "CODITECT Studio offline provider",
        description = "The provider that answers without an LLM, API key or network (simulated answers).")
public @interface OfflineProviderConfig {

    /** Upper bound accepted for the delay. */
    int MAX_TOKEN_DELAY_MS = 10_000;

    @AttributeDefinition(name = "Delay between tokens (ms)",
            description = "Pause before each streamed piece of an answer, to look like a real model. 0 streams"
                    + " as fast as possible.", min = "0", max = "10000")
    int token_delay_ms() default 15;
}
