package io.coditect.studio.api.routing;

/** Why the router does not consider a model for a request; checked in this order. */
public enum SkipReason {
    /** The tenant policy does not allow the provider. */
    NOT_ALLOWED_BY_POLICY,
    /** The model lacks a capability the request needs. */
    MISSING_CAPABILITY,
    /** The estimated prompt plus {@code maxTokens} do not fit the model's context window. */
    CONTEXT_TOO_SMALL,
    /** A price of the model is above the tenant's ceiling. */
    OVER_COST_CEILING,
    /** The request would exceed a budget of its usage scope. */
    OVER_BUDGET,
    /** The provider reports itself DOWN. */
    UNHEALTHY,
    /** The model's circuit is open, or half-open with its one probe under way. */
    CIRCUIT_OPEN,
    /** The provider asked to wait (retry-after) and that time has not passed. */
    THROTTLED
}
