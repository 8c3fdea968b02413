package io.coditect.studio.rest.internal;

import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.PluginRegistry;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;

/**
 * {@code GET /v1/health}: the state of the core and of every plugin. The studio is UP when each
 * kind of plugin has at least one member that is UP, DEGRADED when one of them is not fully
 * working, DOWN (HTTP 503) when a kind has no working member at all.
 */
@Path("/v1/health")
@PublicEndpoint
public class HealthResource {

    /** One line of the report. */
    public record Component(String name, String kind, Health.Status status, String message, String bundle) {
    }

    /** The report. */
    public record Report(Health.Status status, String coreSince, List<Component> components,
            List<SandboxPoolStatus> sandboxPools) {
    }

    private final ProviderRegistry providers;
    private final StorageRegistry storage;
    private final SandboxRegistry sandboxes;

    private final SessionService sessions;

    public HealthResource(ProviderRegistry providers, StorageRegistry storage, SandboxRegistry sandboxes,
            SessionService sessions) {
        this.sessions = sessions;
        this.providers = providers;
        this.storage = storage;
        this.sandboxes = sandboxes;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        List<Component> components = new ArrayList<>();
        components.add(new Component("core", "core", Health.Status.UP, "", "io.coditect.studio.core"));
        Health.Status overall = Health.Status.UP;
        overall = worst(overall, addKind(components, "provider", "providers", providers));
        overall = worst(overall, addKind(components, "storage", "storage-backends", storage));
        overall = worst(overall, addKind(components, "sandbox", "sandbox-drivers", sandboxes));
        Report report = new Report(overall, providers.since().toString(), components, sessions.pools());
        return Response.status(overall == Health.Status.DOWN ? 503 : 200).entity(report).build();
    }

    private static Health.Status addKind(List<Component> out, String kind, String plural, PluginRegistry<?> registry) {
        List<PluginDescriptor> plugins = registry.describe();
        if (plugins.isEmpty()) {
            out.add(new Component(plural, kind, Health.Status.DOWN, "no " + kind
                    + " plugin is installed: feature:install one of the studio-" + kind + "-* features", null));
            return Health.Status.DOWN;
        }
        boolean anyUp = false;
        boolean allUp = true;
        for (PluginDescriptor p : plugins) {
            out.add(new Component(p.id(), kind, p.health().status(), p.health().message(), p.bundleSymbolicName()));
            anyUp |= p.health().status() != Health.Status.DOWN;
            allUp &= p.health().isUp();
        }
        return !anyUp ? Health.Status.DOWN : allUp ? Health.Status.UP : Health.Status.DEGRADED;
    }

    private static Health.Status worst(Health.Status a, Health.Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
