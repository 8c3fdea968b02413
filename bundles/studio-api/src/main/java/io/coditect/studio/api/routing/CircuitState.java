package io.coditect.studio.api.routing;

/** State of the circuit breaker of one provider model. */
public enum CircuitState {
    /** Calls go through. */
    CLOSED,
    /** Calls are refused until the cooldown ends. */
    OPEN,
    /** The cooldown ended: one call at a time probes the model; success closes, failure reopens. */
    HALF_OPEN
}
