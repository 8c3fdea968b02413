package io.coditect.studio.core.internal;

import java.time.Clock;
import java.util.Map;

import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.registry.ProviderRegistry;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Tracks every {@link LlmProvider} service; a provider is usable the moment it registers. */
@Component(service = ProviderRegistry.class, immediate = true)
public class ProviderRegistryImpl extends PluginTracker<LlmProvider> implements ProviderRegistry {

    public ProviderRegistryImpl() {
        super(LlmProvider.KIND, LlmProvider::id, LlmProvider::displayName, LlmProvider::health, Clock.systemUTC());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(LlmProvider provider, ServiceReference<LlmProvider> ref, Map<String, Object> properties) {
        add(provider, properties, ServiceOrigins.of(ref));
    }

    void removeProvider(LlmProvider provider) {
        remove(provider);
    }
}
