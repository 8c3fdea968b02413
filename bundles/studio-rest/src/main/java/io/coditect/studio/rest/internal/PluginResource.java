package io.coditect.studio.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.PluginRegistry;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;

/** Lists the plugins now registered, live from the core's registries. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    /** A plugin as the API shows it. */
    public record PluginView(String id, String name, String kind, Health.Status status, String message,
            String bundle, String bundleVersion, long bundleId, String registeredAt, Map<String, Object> details) {
    }

    /** A model as the API shows it. */
    public record ModelView(String id, String name, List<String> capabilities, int contextWindow,
            String inputPricePerMTok, String outputPricePerMTok) {
        static ModelView of(ModelInfo m) {
            return new ModelView(m.id(), m.displayName(),
                    m.capabilities().stream().map(Enum::name).sorted().toList(), m.contextWindow(),
                    m.inputPricePerMTok().toPlainString(), m.outputPricePerMTok().toPlainString());
        }
    }

    private final ProviderRegistry providers;
    private final StorageRegistry storage;
    private final SandboxRegistry sandboxes;

    public PluginResource(ProviderRegistry providers, StorageRegistry storage, SandboxRegistry sandboxes) {
        this.providers = providers;
        this.storage = storage;
        this.sandboxes = sandboxes;
    }

    @GET
    @Path("providers")
    public List<PluginView> providers() {
        return views(providers, id -> providers.get(id)
                .map(p -> Map.<String, Object>of("offline", p.offline(), "models",
                        p.models().stream().map(ModelView::of).toList()))
                .orElse(Map.of()));
    }

    @GET
    @Path("storage-backends")
    public List<PluginView> storageBackends() {
        return views(storage, id -> Map.of());
    }

    @GET
    @Path("sandbox-drivers")
    public List<PluginView> sandboxDrivers() {
        return views(sandboxes, id -> Map.of());
    }

    private static List<PluginView> views(PluginRegistry<?> registry, Function<String, Map<String, Object>> details) {
        return registry.describe().stream().map(d -> view(d, details.apply(d.id()))).toList();
    }

    private static PluginView view(PluginDescriptor d, Map<String, Object> details) {
        return new PluginView(d.id(), d.displayName(), d.kind(), d.health().status(), d.health().message(),
                d.bundleSymbolicName(), d.bundleVersion(), d.bundleId(), d.registeredAt().toString(), details);
    }

}
