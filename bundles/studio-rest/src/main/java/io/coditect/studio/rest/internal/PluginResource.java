package io.coditect.studio.rest.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.POST;
import javax.ws.rs.PathParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.PluginRegistry;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.security.AccessDeniedException;

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

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    private final ProviderRegistry providers;
    private final StorageRegistry storage;
    private final SandboxRegistry sandboxes;

    private final LlmRouter router;

    PluginResource(ApiServices services) {
        this.providers = services.providers();
        this.storage = services.storage();
        this.sandboxes = services.sandboxes();
        this.router = services.router();
    }

    @GET
    @Path("providers")
    public List<PluginView> providers() {
        Map<String, List<RouterResource.StateView>> circuits = router.states().stream()
                .collect(Collectors.groupingBy(s -> s.target().providerId(),
                        Collectors.mapping(RouterResource::view, Collectors.toList())));
        return views(providers, id -> providers.get(id)
                .map(p -> Map.<String, Object>of("offline", p.offline(), "models",
                        p.models().stream().map(ModelView::of).toList(), "circuits", circuits.getOrDefault(id, List.of())))
                .orElse(Map.of()));
    }

    /** Optional body of a provider test. */
    public record ProbeRequest(String model, String prompt) {
    }

    /**
     * Sends one short prompt to the provider and reports the outcome (answer, first-token latency,
     * usage, or the typed error), so a configuration can be checked without a session.
     */
    @POST
    @Path("providers/{id}/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public ProviderProbe.Result testProvider(@PathParam("id") String id, ProbeRequest request) {
        if (!CallerContext.require().studioAdmin()) {
            // a probe spends the provider account's money: only studio administrators may
            throw new AccessDeniedException("Testing a provider needs a studio administrator.");
        }
        LlmProvider provider = providers.get(id).orElseThrow(() -> new NotFoundException(
                "no provider '" + id + "'; GET /api/v1/providers lists them"));
        ProbeRequest r = request == null ? new ProbeRequest(null, null) : request;
        if (r.prompt() != null && r.prompt().length() > 4000) {
            throw new IllegalArgumentException("prompt is longer than 4000 characters");
        }
        return ProviderProbe.run(provider, r.model(), r.prompt(), PROBE_TIMEOUT);
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
