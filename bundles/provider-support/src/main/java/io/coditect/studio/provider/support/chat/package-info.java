/**
 * The OpenAI Chat Completions protocol ({@code POST {baseUrl}/chat/completions} with
 * {@code stream: true}), shared by the adapters that speak it (Kimi, any OpenAI-compatible server
 * such as Ollama, vLLM or llama.cpp).
 *
 * <p>Like its parent package it is <b>not exported and not deployed</b>: adapters embed it with
 * {@code -conditionalpackage: io.coditect.studio.provider.support.*}.
 *
 * <ul>
 * <li>{@link io.coditect.studio.provider.support.chat.ChatCompletionsProvider} — the whole
 * {@code LlmProvider}; an adapter only adds its configuration and a dialect;</li>
 * <li>{@link io.coditect.studio.provider.support.chat.ChatCompletionsDialect} — the vendor's quirks
 * (max-tokens field, temperature, usage location, error types, whether a key is needed);</li>
 * <li>{@link io.coditect.studio.provider.support.chat.ChatCompletionsRequests} — request body;</li>
 * <li>{@link io.coditect.studio.provider.support.chat.ChatCompletionsStreamHandler} — the chunks of
 * the answer.</li>
 * </ul>
 */
package io.coditect.studio.provider.support.chat;
