package io.coditect.studio.core.internal.routing;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the router, PID {@value LlmRouterComponent#PID}; optional, changes apply at once. */
@ObjectClassDefinition(id = LlmRouterComponent.PID, name = "CODITECT Studio LLM router",
        description = "Retries, fallback and circuit breaking of LLM requests.")
public @interface RouterConfig {

    @AttributeDefinition(name = "Tries per model", description = "Calls of one model for one request before"
            + " the router moves to the next model (1 = no retry).", min = "1", max = "10")
    int retry_max_attempts() default 3;

    @AttributeDefinition(name = "First retry delay (ms)", description = "Doubles with each retry, with jitter.",
            min = "0")
    long retry_base_delay_ms() default 250;

    @AttributeDefinition(name = "Longest retry delay (ms)", description = "Upper bound of one backoff delay;"
            + " a longer retry-after from the provider is still honoured.", min = "0")
    long retry_max_delay_ms() default 4_000;

    @AttributeDefinition(name = "Longest total wait (ms)", description = "All retry delays of one request"
            + " together; a retry-after beyond what is left moves to the next model instead.", min = "0")
    long retry_max_total_wait_ms() default 10_000;

    @AttributeDefinition(name = "Failures in a row that open a circuit", min = "1")
    int breaker_consecutive_failures() default 3;

    @AttributeDefinition(name = "Failure rate that opens a circuit (%)", min = "1", max = "100")
    int breaker_failure_rate_percent() default 50;

    @AttributeDefinition(name = "Calls needed for the failure rate", description = "Within the window.", min = "1")
    int breaker_min_calls() default 4;

    @AttributeDefinition(name = "Window (s)", description = "Time over which the failure rate is measured.",
            min = "1")
    long breaker_window_seconds() default 60;

    @AttributeDefinition(name = "First cooldown (s)", description = "How long an opened circuit refuses calls;"
            + " doubles each time it reopens after a failed probe.", min = "1")
    long breaker_cooldown_seconds() default 10;

    @AttributeDefinition(name = "Longest cooldown (s)", min = "1")
    long breaker_max_cooldown_seconds() default 300;

    @AttributeDefinition(name = "Cooldown after a refused key (s)", description = "UNAUTHORIZED opens every"
            + " model of the provider this long; a new configuration of the provider resets it.", min = "1")
    long breaker_unauthorized_cooldown_seconds() default 1_800;

    @AttributeDefinition(name = "Probe timeout (s)", description = "A half-open probe that has not ended by"
            + " then no longer blocks the next one.", min = "1")
    long breaker_probe_timeout_seconds() default 120;
}
