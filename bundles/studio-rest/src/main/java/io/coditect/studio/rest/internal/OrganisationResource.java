package io.coditect.studio.rest.internal;

import java.util.Arrays;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;

/** Organisations: studio administrators create and delete them; members read theirs. */
@Path("/v1/orgs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganisationResource {

    /** The first administrator of a new organisation. */
    @JsonIgnoreProperties({"orgId", "tenantId", "role", "disabled", "createdAt"})
    public record AdminUser(String id, String email, String displayName) {
    }

    @JsonIgnoreProperties({"tenantId", "createdAt"})
    public record CreateOrganisation(String id, String name, AdminUser admin, String adminPassword) {
        @Override
        public String toString() {
            return "CreateOrganisation[" + id + "]";
        }
    }

    @JsonIgnoreProperties({"id", "tenantId", "createdAt"})
    public record UpdateOrganisation(String name) {
    }

    private final TenancyService tenancy;

    OrganisationResource(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @GET
    public Page<Organisation> list(@QueryParam("text") String text, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return tenancy.listOrganisations(CallerContext.require(), text, Paging.of(limit, cursor));
    }

    @POST
    public Response create(CreateOrganisation body) {
        Require.body(body);
        Require.present("admin", body.admin());
        char[] password = body.adminPassword() == null ? null : body.adminPassword().toCharArray();
        try {
            Organisation created = tenancy.createOrganisation(CallerContext.require(),
                    new Organisation(body.id(), body.name(), null),
                    User.of(body.id(), body.admin().id(), body.admin().email(), body.admin().displayName()), password);
            return Response.status(Response.Status.CREATED).entity(created).build();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @GET
    @Path("/{org}")
    public Organisation get(@PathParam("org") String org) {
        return tenancy.organisation(CallerContext.require(), org);
    }

    @PATCH
    @Path("/{org}")
    public Organisation update(@PathParam("org") String org, UpdateOrganisation body) {
        Require.body(body);
        Organisation current = tenancy.organisation(CallerContext.require(), org);
        return tenancy.updateOrganisation(CallerContext.require(),
                body.name() == null ? current : current.withName(body.name()));
    }

    @DELETE
    @Path("/{org}")
    public Response delete(@PathParam("org") String org) {
        tenancy.deleteOrganisation(CallerContext.require(), org);
        return Response.noContent().build();
    }
}
