package io.coditect.studio.api.usage;

import java.math.BigDecimal;

/**
 * Usage summed over one group.
 *
 * @param key               the group's id (organisation, team, user, project, provider or model); null
 *                          for records without one, such as usage outside any project
 * @param requests          how many records
 * @param inputTokens       sum of input tokens
 * @param outputTokens      sum of output tokens
 * @param cachedInputTokens sum of cached input tokens
 * @param cost              sum of cost in USD
 */
public record UsageTotal(String key, long requests, long inputTokens, long outputTokens, long cachedInputTokens,
        BigDecimal cost) {
}
