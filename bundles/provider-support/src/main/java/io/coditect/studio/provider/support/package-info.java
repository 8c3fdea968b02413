/**
 * Shared code of the LLM provider adapters (Anthropic, Gemini, OpenAI, Kimi, OpenAI-compatible).
 *
 * <p>This package is <b>not exported and not deployed</b>: each adapter embeds a private copy with
 * bnd's {@code -conditionalpackage: io.coditect.studio.provider.support.*}, so the code lives once in
 * source while every adapter bundle stays independently hot-deployable. Nothing here may therefore
 * hold state shared between adapters.
 *
 * <p>What an adapter uses:
 * <ul>
 * <li>{@link io.coditect.studio.provider.support.ProviderSettings} — id, name, base URL, API key
 * ({@link io.coditect.studio.provider.support.Secret}, from the configuration or an environment
 * variable), models ({@link io.coditect.studio.provider.support.ModelSpecs}) and
 * {@link io.coditect.studio.provider.support.Timeouts}, validated with clear messages;</li>
 * <li>{@link io.coditect.studio.provider.support.HttpStreamer} — runs one streaming HTTP call per
 * {@code LlmProvider.stream}: first-byte and idle timeouts, cancel, HTTP failures mapped by
 * {@link io.coditect.studio.provider.support.HttpErrors}, and the SPI's ordering contract enforced
 * by {@link io.coditect.studio.provider.support.StreamSink};</li>
 * <li>{@link io.coditect.studio.provider.support.SseEventHandler} — the only vendor-specific part of
 * a stream: turns each {@link io.coditect.studio.provider.support.SseEvent} into listener events;</li>
 * <li>{@link io.coditect.studio.provider.support.HealthTracker} — health from configuration and the
 * last call.</li>
 * </ul>
 *
 * <p>Adapters for OpenAI Chat Completions endpoints use the whole provider of the subpackage
 * {@code io.coditect.studio.provider.support.chat} and only add a dialect.
 */
package io.coditect.studio.provider.support;
