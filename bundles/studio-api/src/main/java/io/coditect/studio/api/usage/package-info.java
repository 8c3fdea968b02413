/**
 * Metering of LLM use: one {@link io.coditect.studio.api.usage.UsageRecord} per request, and
 * totals per organisation, team, user, project, provider or model over a period, from a
 * {@link io.coditect.studio.api.usage.UsageStore}.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.usage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
