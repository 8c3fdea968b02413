package io.coditect.studio.rest.internal;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.coditect.studio.api.admin.PluginAdmin;
import io.coditect.studio.api.admin.PluginConfiguration;
import io.coditect.studio.api.admin.PluginInfo;
import io.coditect.studio.api.admin.PluginInstance;
import io.coditect.studio.api.admin.PluginSource;
import io.coditect.studio.api.admin.SpiImport;
import io.coditect.studio.api.store.StoreException;

/**
 * Plugin administration for studio administrators: the plugin bundles, installing them from a
 * feature, a Maven coordinate or an uploaded jar, updating, starting, stopping and removing them,
 * and their factory configurations. The service checks who may and audits every change.
 */
@Path("/v1/admin/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginAdminResource {

    /** The jar media types accepted for uploads. */
    static final String JAR = "application/java-archive";
    static final String JAR_X = "application/x-java-archive";

    /**
     * What to install or update to: exactly one of {@code feature} (with an optional
     * {@code version}) or {@code maven} ({@code mvn:groupId/artifactId/version}).
     */
    public record SourceRequest(String feature, String version, String maven) {
    }

    /**
     * A new factory configuration.
     *
     * @param factoryPid one of the plugin's configuration PIDs; may be left out when it has one
     * @param name       the name after {@code ~} in the PID; the {@code id} property when left out
     * @param properties strings, numbers, booleans or lists of them
     */
    public record NewConfiguration(String factoryPid, String name, Map<String, Object> properties) {
    }

    /**
     * New properties for a configuration; they replace the old ones. A secret sent back as
     * {@code ********} keeps its stored value.
     */
    public record ConfigurationProperties(Map<String, Object> properties) {
    }

    /** A plugin bundle as the API shows it. */
    public record PluginView(long bundleId, String symbolicName, String version, String kind, String state,
            String status, String message, String startedAt, String lastModified, String location, String source,
            List<InstanceView> instances, List<SpiImport> spi, List<PluginConfiguration> configurations) {
        static PluginView of(PluginInfo p) {
            return new PluginView(p.bundleId(), p.symbolicName(), p.version(), p.kind().name(), p.state().name(),
                    p.health().status().name(), p.health().message(),
                    p.startedAt() == null ? null : p.startedAt().toString(), p.lastModified().toString(), p.location(),
                    p.source(), p.instances().stream().map(InstanceView::of).toList(), p.spi(), p.configurations());
        }
    }

    /** A plugin service with its health. */
    public record InstanceView(String id, String name, String status, String message) {
        static InstanceView of(PluginInstance i) {
            return new InstanceView(i.id(), i.displayName(), i.health().status().name(), i.health().message());
        }
    }

    /** Far above any plugin jar (the largest here is 9 MB). */
    private static final long MAX_JAR_BYTES = 64L << 20;

    private final Supplier<PluginAdmin> admin;

    PluginAdminResource(Supplier<PluginAdmin> admin) {
        this.admin = admin;
    }

    private PluginAdmin admin() {
        PluginAdmin a = admin.get();
        if (a == null) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Plugin administration is not running: install"
                    + " the studio-plugins feature (feature:install studio-plugins) or start its bundle.");
        }
        return a;
    }

    @GET
    public List<PluginView> list() {
        return admin().list(CallerContext.require()).stream().map(PluginView::of).toList();
    }

    /** Installs from a feature or a Maven coordinate; answers the plugin bundles installed. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response install(SourceRequest body) {
        return installed(admin().install(CallerContext.require(), source(body, true)));
    }

    /** Installs an uploaded plugin jar (at most 64 MiB). */
    @POST
    @Consumes({JAR, JAR_X, MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(InputStream jar) {
        return installed(admin().install(CallerContext.require(), jar(jar)));
    }

    private static Response installed(List<PluginInfo> plugins) {
        Response.ResponseBuilder r = Response.status(Response.Status.CREATED)
                .entity(plugins.stream().map(PluginView::of).toList());
        if (plugins.size() == 1) {
            r.location(URI.create("/api/v1/admin/plugins/" + plugins.get(0).bundleId()));
        }
        return r.build();
    }

    @GET
    @Path("/{bundleId}")
    public PluginView get(@PathParam("bundleId") long bundleId) {
        return PluginView.of(admin().get(CallerContext.require(), bundleId));
    }

    /** Updates to another version from a Maven coordinate ({@code feature} is not accepted here). */
    @POST
    @Path("/{bundleId}/update")
    @Consumes(MediaType.APPLICATION_JSON)
    public PluginView update(@PathParam("bundleId") long bundleId, SourceRequest body) {
        return PluginView.of(admin().update(CallerContext.require(), bundleId, source(body, false)));
    }

    /** Updates to an uploaded jar of the same bundle symbolic name. */
    @POST
    @Path("/{bundleId}/update")
    @Consumes({JAR, JAR_X, MediaType.APPLICATION_OCTET_STREAM})
    public PluginView updateFromJar(@PathParam("bundleId") long bundleId, InputStream jar) {
        return PluginView.of(admin().update(CallerContext.require(), bundleId, jar(jar)));
    }

    @POST
    @Path("/{bundleId}/start")
    public PluginView start(@PathParam("bundleId") long bundleId) {
        return PluginView.of(admin().start(CallerContext.require(), bundleId));
    }

    @POST
    @Path("/{bundleId}/stop")
    public PluginView stop(@PathParam("bundleId") long bundleId) {
        return PluginView.of(admin().stop(CallerContext.require(), bundleId));
    }

    @DELETE
    @Path("/{bundleId}")
    public Response uninstall(@PathParam("bundleId") long bundleId) {
        admin().uninstall(CallerContext.require(), bundleId);
        return Response.noContent().build();
    }

    @GET
    @Path("/{bundleId}/configurations")
    public List<PluginConfiguration> configurations(@PathParam("bundleId") long bundleId) {
        return admin().configurations(CallerContext.require(), bundleId);
    }

    @POST
    @Path("/{bundleId}/configurations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createConfiguration(@PathParam("bundleId") long bundleId, NewConfiguration body) {
        Require.body(body);
        PluginConfiguration c = admin().createConfiguration(CallerContext.require(), bundleId, body.factoryPid(),
                body.name(), Require.present("properties", body.properties()));
        return Response.status(Response.Status.CREATED).entity(c)
                .location(URI.create("/api/v1/admin/plugins/" + bundleId + "/configurations/" + c.pid())).build();
    }

    @PUT
    @Path("/{bundleId}/configurations/{pid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PluginConfiguration updateConfiguration(@PathParam("bundleId") long bundleId, @PathParam("pid") String pid,
            ConfigurationProperties body) {
        Require.body(body);
        return admin().updateConfiguration(CallerContext.require(), bundleId, pid,
                Require.present("properties", body.properties()));
    }

    @DELETE
    @Path("/{bundleId}/configurations/{pid}")
    public Response deleteConfiguration(@PathParam("bundleId") long bundleId, @PathParam("pid") String pid) {
        admin().deleteConfiguration(CallerContext.require(), bundleId, pid);
        return Response.noContent().build();
    }

    private static PluginSource source(SourceRequest body, boolean featureAllowed) {
        Require.body(body);
        boolean feature = body.feature() != null && !body.feature().isBlank();
        boolean maven = body.maven() != null && !body.maven().isBlank();
        if (feature == maven) {
            throw new IllegalArgumentException(featureAllowed
                    ? "Give exactly one of 'feature' (a Karaf feature name) or 'maven' (mvn:groupId/artifactId/version),"
                            + " or send the jar itself with Content-Type: " + JAR + "."
                    : "Give 'maven' (mvn:groupId/artifactId/version), or send the jar itself with Content-Type: " + JAR
                            + "; a plugin is not updated from a feature.");
        }
        if (feature) {
            if (!featureAllowed) {
                throw new IllegalArgumentException("A plugin is not updated from a feature: give 'maven' or send a jar.");
            }
            return new PluginSource.Feature(body.feature().strip(), body.version());
        }
        if (body.version() != null) {
            throw new IllegalArgumentException("'version' goes with 'feature'; a Maven coordinate carries its own.");
        }
        return new PluginSource.Maven(body.maven().strip());
    }

    private static PluginSource jar(InputStream body) {
        return new PluginSource.Jar(new BoundedInputStream(body, MAX_JAR_BYTES, "the plugin jar"));
    }
}
