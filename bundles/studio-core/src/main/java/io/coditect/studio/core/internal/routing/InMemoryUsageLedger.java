package io.coditect.studio.core.internal.routing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.UsageScope;

/**
 * Usage totals in memory, for as long as the router runs; nothing is persisted and nothing
 * survives a restart. Budgets are limits in USD over that lifetime, keyed like the totals
 * ({@code studio}, {@code organisation:acme}, {@code team:acme/core}, {@code user:acme/ann},
 * {@code project:acme/site}); the core passes none, so it enforces none until the persistence
 * layer brings real budgets per period. Totals are approximate sums in double precision, good
 * enough for a budget check, not for billing.
 */
final class InMemoryUsageLedger implements UsageLedger {

    /** Tokens and money counted for one key. */
    static final class Totals {
        final LongAdder inputTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final DoubleAdder costUsd = new DoubleAdder();
    }

    private final Map<String, Double> budgetsUsd;
    private final Map<String, Totals> totals = new ConcurrentHashMap<>();

    InMemoryUsageLedger(Map<String, Double> budgetsUsd) {
        this.budgetsUsd = Map.copyOf(budgetsUsd);
    }

    @Override
    public String refusal(UsageScope scope, ModelRef target, double estimatedCostUsd) {
        if (budgetsUsd.isEmpty()) {
            return null;
        }
        for (String key : keys(scope)) {
            Double budget = budgetsUsd.get(key);
            if (budget != null) {
                double spent = spent(key);
                if (spent + estimatedCostUsd > budget) {
                    return String.format(Locale.ROOT, "the budget of %s (%.2f USD) would be exceeded: %.4f USD spent,"
                            + " this request may cost %.4f USD", key, budget, spent, estimatedCostUsd);
                }
            }
        }
        return null;
    }

    @Override
    public void record(UsageScope scope, String requestId, ModelRef target, Usage usage, BigDecimal costUsd) {
        double cost = costUsd.doubleValue();
        for (String key : keys(scope)) {
            Totals t = totals.computeIfAbsent(key, k -> new Totals());
            t.inputTokens.add(usage.inputTokens());
            t.outputTokens.add(usage.outputTokens());
            t.costUsd.add(cost);
        }
    }

    double spent(String key) {
        Totals t = totals.get(key);
        return t == null ? 0 : t.costUsd.sum();
    }

    long tokens(String key) {
        Totals t = totals.get(key);
        return t == null ? 0 : t.inputTokens.sum() + t.outputTokens.sum();
    }

    static List<String> keys(UsageScope scope) {
        List<String> keys = new ArrayList<>(5);
        keys.add("studio");
        String org = scope.orgId();
        if (org != null) {
            keys.add("organisation:" + org);
            if (scope.teamId() != null) {
                keys.add("team:" + org + "/" + scope.teamId());
            }
            if (scope.userId() != null) {
                keys.add("user:" + org + "/" + scope.userId());
            }
            if (scope.projectId() != null) {
                keys.add("project:" + org + "/" + scope.projectId());
            }
        }
        return keys;
    }
}
