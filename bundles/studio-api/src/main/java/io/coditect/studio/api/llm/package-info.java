/**
 * The LLM provider SPI. A plugin registers an {@link io.coditect.studio.api.llm.LlmProvider}
 * service; the core's router picks one per request and streams its answer through a
 * {@link io.coditect.studio.api.llm.ChatListener}.
 *
 * <p>Threading: {@code stream} must return quickly; the answer is delivered on a thread of the
 * provider's choosing, events of one stream in order and never concurrently. Exactly one of
 * {@code onComplete} or {@code onError} ends every stream, also after {@code cancel()}.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.llm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
