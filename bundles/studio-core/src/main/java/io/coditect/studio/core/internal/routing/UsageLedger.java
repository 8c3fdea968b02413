package io.coditect.studio.core.internal.routing;

import java.math.BigDecimal;

import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.UsageScope;

/**
 * Usage accounting and budgets: asked before each provider call, told what each call consumed.
 * This is the seam for the persistence layer, which will keep one usage record per call (scope,
 * provider, model, tokens, cost) and enforce budgets per period; until then the router uses
 * {@link InMemoryUsageLedger}. Implementations must be thread-safe and fast: {@link #refusal} is on
 * the path to the first token, so a persisted one should answer from cached totals.
 */
interface UsageLedger {

    /** Why a call that may cost {@code estimatedCostUsd} must not be made for {@code scope}, or null. */
    String refusal(UsageScope scope, ModelRef target, double estimatedCostUsd);

    /** Counts what one call consumed; {@code costUsd} has six decimal places. */
    void record(UsageScope scope, String requestId, ModelRef target, Usage usage, BigDecimal costUsd);
}
