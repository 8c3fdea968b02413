package io.coditect.studio.core.internal.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.ProviderRegistry;

/** Providers registered by the test; ordered by id like the core's registry. */
final class FakeRegistry implements ProviderRegistry {

    private final Map<String, LlmProvider> providers = new ConcurrentSkipListMap<>();

    FakeRegistry add(LlmProvider... ps) {
        for (LlmProvider p : ps) {
            providers.put(p.id(), p);
        }
        return this;
    }

    void remove(String id) {
        providers.remove(id);
    }

    @Override
    public List<PluginDescriptor> describe() {
        return providers.values().stream().map(p -> new PluginDescriptor(p.id(), p.displayName(), LlmProvider.KIND,
                "test", "1.0.0", 1, Instant.EPOCH, p.health())).toList();
    }

    @Override
    public Optional<LlmProvider> get(String id) {
        return Optional.ofNullable(id == null ? null : providers.get(id));
    }

    @Override
    public List<LlmProvider> all() {
        return List.copyOf(providers.values());
    }

    @Override
    public Instant since() {
        return Instant.EPOCH;
    }
}
