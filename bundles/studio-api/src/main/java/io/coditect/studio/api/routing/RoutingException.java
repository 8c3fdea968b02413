package io.coditect.studio.api.routing;

import java.time.Duration;
import java.util.List;

import io.coditect.studio.api.llm.ProviderException;

/**
 * The router could not get an answer: no model qualified, or every one that did failed before
 * its first content. Its kind is {@code BAD_REQUEST} when no model can serve the request as asked
 * (capabilities, context, tenant policy, cost ceiling, budget), {@code RATE_LIMITED} when every
 * failure was, otherwise {@code UNAVAILABLE}; {@link #retryAfter()} is set when the router knows
 * when a model becomes usable again. When a budget is all that stands in the way, it is a
 * {@link BudgetExceededException}.
 */
public class RoutingException extends ProviderException {

    private static final long serialVersionUID = 1L;

    private final transient RouteDecision decision;
    private final transient List<ProviderException> failures;

    /**
     * @param decision the routing as it stood when the router gave up; may be null
     * @param failures the failures of the models tried, in order
     */
    public RoutingException(Kind kind, String message, Duration retryAfter, RouteDecision decision,
            List<ProviderException> failures) {
        super(kind, null, message, retryAfter, failures == null || failures.isEmpty() ? null
                : failures.get(failures.size() - 1));
        this.decision = decision;
        this.failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** The routing as it stood when the router gave up, or null. */
    public RouteDecision decision() {
        return decision;
    }

    /** The failures of the models tried, in order; empty when none was tried. */
    public List<ProviderException> failures() {
        return failures == null ? List.of() : failures;
    }
}
