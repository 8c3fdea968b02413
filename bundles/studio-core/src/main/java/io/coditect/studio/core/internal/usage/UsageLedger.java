package io.coditect.studio.core.internal.usage;

import java.math.BigDecimal;
import java.time.Instant;

import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.UsageScope;

/**
 * What the router asks before each provider call and tells after it. Implementations must be
 * thread-safe and fast: {@link #refusal} is on the path to the first token, so it answers from
 * totals kept in memory, and {@link #record} must not block on a database.
 */
public interface UsageLedger {

    /**
     * Why a budget forbids the call.
     *
     * @param message  names the budget, what was spent and when its period ends
     * @param resetsAt when the budget's period ends
     */
    record Refusal(String message, Instant resetsAt) {
    }

    /**
     * Why a call that may use {@code estimatedTokens} and cost {@code estimatedCostUsd} must not be
     * made for {@code scope}, or null when it may.
     */
    Refusal refusal(UsageScope scope, ModelRef target, long estimatedTokens, double estimatedCostUsd);

    /** Counts what one call consumed; {@code costUsd} has six decimal places. */
    void record(UsageScope scope, String requestId, ModelRef target, Usage usage, BigDecimal costUsd);
}
