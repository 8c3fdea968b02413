package io.coditect.studio.api.routing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ModelInfo;

/**
 * How the router would route a request now.
 *
 * @param requestId            the request
 * @param requiredCapabilities what every candidate needs
 * @param estimatedInputTokens the router's estimate of the prompt
 * @param candidates           every registered model: first those that would be tried, in order,
 *                             then those skipped, each with its reason
 */
public record RouteDecision(String requestId, Set<Capability> requiredCapabilities, long estimatedInputTokens,
        List<Candidate> candidates) {

    public RouteDecision {
        Objects.requireNonNull(requestId, "requestId");
        requiredCapabilities = Set.copyOf(requiredCapabilities);
        candidates = List.copyOf(candidates);
    }

    /**
     * One provider model.
     *
     * @param target           the provider and model
     * @param model            the model's description
     * @param offline          whether the provider answers without a real model
     * @param health           the provider's health
     * @param circuit          the state of the model's circuit breaker
     * @param estimatedCostUsd the request's cost with the estimated prompt and {@code maxTokens}
     * @param skipped          why it is not tried, or null when it is
     * @param detail           what an operator should read: the reason spelled out, or for a
     *                         candidate that is tried what affected its place (preferred, degraded …)
     */
    public record Candidate(ModelRef target, ModelInfo model, boolean offline, Health health, CircuitState circuit,
            BigDecimal estimatedCostUsd, SkipReason skipped, String detail) {

        public Candidate {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(circuit, "circuit");
            detail = detail == null ? "" : detail;
        }

        public boolean eligible() {
            return skipped == null;
        }
    }

    /** The candidates that would be tried, in order. */
    public List<Candidate> eligible() {
        return candidates.stream().filter(Candidate::eligible).toList();
    }

    /** The candidates skipped, with their reasons. */
    public List<Candidate> skipped() {
        return candidates.stream().filter(c -> !c.eligible()).toList();
    }
}
