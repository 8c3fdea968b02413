package io.coditect.studio.api.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.coditect.studio.api.llm.ProviderException;

/**
 * The router refused a request without calling any provider: a budget of its usage scope is used up,
 * or this request would exceed it on every model that could otherwise serve it. The message names the
 * budget, what was spent and when the period ends. Its kind is {@code BAD_REQUEST}, as retrying at
 * once cannot help; {@link #retryAfter()} is the time until the budget's period starts afresh.
 */
public class BudgetExceededException extends RoutingException {

    private static final long serialVersionUID = 1L;

    private final Instant resetsAt;

    public BudgetExceededException(String message, Instant resetsAt, Duration retryAfter, RouteDecision decision) {
        super(ProviderException.Kind.BAD_REQUEST, message, retryAfter, decision, List.of());
        this.resetsAt = Objects.requireNonNull(resetsAt, "resetsAt");
    }

    /** When the budget's current period ends. */
    public Instant resetsAt() {
        return resetsAt;
    }
}
