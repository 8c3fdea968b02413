package io.coditect.studio.api.registry;

import io.coditect.studio.api.llm.LlmProvider;
import org.osgi.annotation.versioning.ProviderType;

/** The LLM providers now registered. */
@ProviderType
public interface ProviderRegistry extends PluginRegistry<LlmProvider> {
}
