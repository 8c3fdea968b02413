package io.coditect.studio.api.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A configured budget and how much of it the current period has used.
 *
 * @param id              the budget's configuration id (its ConfigAdmin PID), to change or delete it
 * @param orgId           the organisation
 * @param scope           what it limits
 * @param scopeId         the team, user or project id; the organisation id for {@link BudgetScope#ORGANISATION}
 * @param period          how long the allowance lasts
 * @param limitUsd        the most that may be spent per period in USD, or null for no money limit
 * @param limitTokens     the most input plus output tokens per period, or null for no token limit
 * @param periodStart     where the current period started
 * @param periodEnd       where it ends and the next starts afresh
 * @param spentUsd        spent in the current period
 * @param spentTokens     input plus output tokens used in the current period
 * @param remainingUsd    what is left of {@code limitUsd} (never negative), or null without a money limit
 * @param remainingTokens what is left of {@code limitTokens} (never negative), or null without a token limit
 * @param exhausted       whether a limit is used up, so that requests in this scope are refused
 */
public record BudgetStatus(String id, String orgId, BudgetScope scope, String scopeId, BudgetPeriod period,
        BigDecimal limitUsd, Long limitTokens, Instant periodStart, Instant periodEnd, BigDecimal spentUsd,
        long spentTokens, BigDecimal remainingUsd, Long remainingTokens, boolean exhausted) {
}
