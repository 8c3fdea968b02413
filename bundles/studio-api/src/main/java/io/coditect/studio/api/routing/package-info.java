/**
 * The LLM router: picks a provider and model per request, retries, falls back, breaks circuits and
 * fans one prompt out to several models (MOE). Implemented by {@code studio-core} as the
 * {@link io.coditect.studio.api.routing.LlmRouter} service; the chat service, the REST layer and
 * the shell call it.
 *
 * <p>Stream contract, on top of the one of {@code io.coditect.studio.api.llm}: a routed stream
 * delivers its events to the {@link io.coditect.studio.api.routing.RouteListener} in order and never
 * concurrently, and ends with exactly one {@code onComplete} or {@code onError}, also after
 * {@code cancel()}. The caller sees the events of one provider only: a provider that fails before
 * the first content (text or tool call) is replaced transparently, announced by
 * {@code onProviderSwitched}; a provider that fails after content was forwarded ends the stream
 * with {@code onError} of kind {@code CUT_MID_STREAM} naming it.
 */
@Version("1.2.0")
@Export
package io.coditect.studio.api.routing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
