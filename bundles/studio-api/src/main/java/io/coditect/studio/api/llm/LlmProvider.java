package io.coditect.studio.api.llm;

import java.util.List;

import io.coditect.studio.api.Health;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An LLM vendor adapter. Registered as an OSGi service with the properties of
 * {@link io.coditect.studio.api.PluginProperties}; one service per configured account or endpoint.
 */
@ConsumerType
public interface LlmProvider {

    /** Value of {@link io.coditect.studio.api.PluginProperties#KIND} for providers. */
    String KIND = "provider";

    /** Unique id of this provider instance; equals the {@code studio.plugin.id} property. */
    String id();

    /** Name shown to people, for example "Anthropic (team A)". */
    String displayName();

    /** The models this instance serves, with their capabilities and prices. */
    List<ModelInfo> models();

    /**
     * Whether answers come from a real model. An offline provider answers without a network so the
     * studio works with no key; every response it produces is marked {@link ResponseInfo#offline()}.
     */
    default boolean offline() {
        return false;
    }

    /** Current health, cheap to call (no network round trip). */
    default Health health() {
        return Health.up();
    }

    /**
     * Starts streaming an answer. Returns at once; events go to {@code listener}.
     * Failures before or during the stream are reported through
     * {@link ChatListener#onError(ProviderException)}, never thrown, except for a request that is
     * invalid on its face, which may throw {@link ProviderException} of kind BAD_REQUEST.
     */
    StreamHandle stream(ChatRequest request, ChatListener listener);
}
