package io.coditect.studio.api.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one LLM request consumed.
 *
 * @param id                UUID set by the store
 * @param orgId             the organisation billed
 * @param teamId            the team, or null
 * @param userId            the user the request ran for
 * @param projectId         the project, or null
 * @param sessionId         the session, or null
 * @param provider          plugin id of the provider that answered
 * @param model             the vendor's model id
 * @param inputTokens       prompt tokens billed
 * @param outputTokens      completion tokens billed
 * @param cachedInputTokens prompt tokens served from the vendor's cache (part of the input)
 * @param cost              in USD, at most 6 decimal places, not negative
 * @param occurredAt        when the request ended; now when null
 */
public record UsageRecord(String id, String orgId, String teamId, String userId, String projectId, String sessionId,
        String provider, String model, long inputTokens, long outputTokens, long cachedInputTokens, BigDecimal cost,
        Instant occurredAt) {
}
