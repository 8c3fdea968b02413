/**
 * Metering of LLM use: one {@link io.coditect.studio.api.usage.UsageRecord} per request, and
 * totals per organisation, team, user, project, provider, model or day over a period, from a
 * {@link io.coditect.studio.api.usage.UsageStore}; reports and budgets for callers through the
 * {@link io.coditect.studio.api.usage.UsageService}; request rate limits per API key and user through
 * the {@link io.coditect.studio.api.usage.RateLimiter}.
 */
@Version("1.1.0")
@Export
package io.coditect.studio.api.usage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
