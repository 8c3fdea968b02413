package io.coditect.studio.api.routing;

import java.time.Instant;
import java.util.Objects;

import io.coditect.studio.api.llm.ProviderException;

/**
 * What the router's circuit breaker knows about one provider model.
 *
 * @param target              the provider and model
 * @param circuit             the breaker's state
 * @param consecutiveFailures failures since the last success
 * @param recentCalls         calls that ended within the breaker's time window
 * @param recentFailures      those of them that failed in a way that counts against the provider
 * @param lastErrorKind       kind of the last counted failure, or null
 * @param lastErrorAt         when it happened, or null
 * @param openUntil           when an open circuit lets a probe through; null unless OPEN
 * @param throttledUntil      until when the provider asked to wait (retry-after); null when not
 * @param timesOpened         openings in a row without a successful probe; the cooldown grows with it
 */
public record ProviderState(ModelRef target, CircuitState circuit, int consecutiveFailures, int recentCalls,
        int recentFailures, ProviderException.Kind lastErrorKind, Instant lastErrorAt, Instant openUntil,
        Instant throttledUntil, int timesOpened) {

    public ProviderState {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(circuit, "circuit");
    }
}
