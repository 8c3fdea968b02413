package io.coditect.studio.core.internal.routing;

import java.util.Comparator;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.SkipReason;
import io.coditect.studio.api.routing.TenantPolicy;
import io.coditect.studio.core.internal.usage.UsageLedger;

/** One provider model as ranked for one request. */
final class Option {

    final String providerId;
    final LlmProvider provider;
    final ModelInfo model;
    final ModelRef target;
    final boolean offline;
    final Health health;
    final CircuitBreaker breaker;
    final double costUsd;

    boolean preferred;
    boolean degraded;
    CircuitBreaker.Availability availability;
    SkipReason skip;
    /** Set when a budget refuses the model. */
    UsageLedger.Refusal refusal;
    /** Filled only when explaining. */
    String detail;

    Option(String providerId, LlmProvider provider, ModelInfo model, boolean offline, Health health,
            CircuitBreaker breaker, double costUsd) {
        this.providerId = providerId;
        this.provider = provider;
        this.model = model;
        this.target = new ModelRef(providerId, model.id());
        this.offline = offline;
        this.health = health;
        this.breaker = breaker;
        this.costUsd = costUsd;
    }

    /** The request as this model gets it. */
    ChatRequest chat(ChatRequest asked) {
        return asked.model().equals(model.id()) ? asked
                : new ChatRequest(model.id(), asked.system(), asked.messages(), asked.tools(), asked.maxTokens(),
                        asked.temperature());
    }

    /**
     * Preferred first; offline providers last unless preferred; healthy before degraded; then by
     * the tenant's preference; then by id, so equal candidates always come in the same order.
     */
    static Comparator<Option> order(TenantPolicy.Preference preference) {
        return preference == TenantPolicy.Preference.CHEAPEST ? CHEAPEST : BEST;
    }

    private static final Comparator<Option> CHEAPEST = build(TenantPolicy.Preference.CHEAPEST);
    private static final Comparator<Option> BEST = build(TenantPolicy.Preference.BEST);

    private static Comparator<Option> build(TenantPolicy.Preference preference) {
        Comparator<Option> c = Comparator.comparing((Option o) -> !o.preferred)
                .thenComparing(o -> o.offline && !o.preferred)
                .thenComparing(o -> o.degraded);
        c = preference == TenantPolicy.Preference.CHEAPEST ? c.thenComparingDouble(o -> o.costUsd)
                : c.thenComparing((Option o) -> !o.model.supports(Capability.REASONING))
                        .thenComparing(Comparator.comparingDouble(Option::listPrice).reversed())
                        .thenComparing(Comparator.comparingInt((Option o) -> o.model.contextWindow()).reversed())
                        .thenComparingDouble(o -> o.costUsd);
        return c.thenComparing(o -> o.providerId).thenComparing(o -> o.model.id());
    }

    private double listPrice() {
        return model.inputPricePerMTok().doubleValue() + model.outputPricePerMTok().doubleValue();
    }
}
