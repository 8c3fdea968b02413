package io.coditect.studio.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyService;

/** Who holds which role where: one role per user in the organisation and one per team. */
@Path("/v1/orgs/{org}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** A role in a team, or in the whole organisation when {@code teamId} is absent. */
    @JsonIgnoreProperties({"orgId", "tenantId", "userId", "grantedAt"})
    public record GrantRole(String teamId, Role role) {
    }

    private final TenancyService tenancy;

    MemberResource(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @GET
    public Page<Membership> list(@PathParam("org") String org, @QueryParam("user") String user,
            @QueryParam("team") String team, @QueryParam("role") String role, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return tenancy.listMemberships(CallerContext.require(), org, new MembershipFilter(user, team,
                QueryEnums.parse(Role.class, "role", role)),
                Paging.of(limit, cursor));
    }

    /** Grants (or replaces) the user's role in the team or organisation. */
    @PUT
    @Path("/{user}")
    public Membership grant(@PathParam("org") String org, @PathParam("user") String user, GrantRole body) {
        Require.body(body);
        Require.present("role", body.role());
        return tenancy.grant(CallerContext.require(), org, user, body.teamId(), body.role());
    }

    /** Takes away the user's role in {@code team}, or the organisation-wide role without it. */
    @DELETE
    @Path("/{user}")
    public Response revoke(@PathParam("org") String org, @PathParam("user") String user,
            @QueryParam("team") String team) {
        tenancy.revoke(CallerContext.require(), org, user, team);
        return Response.noContent().build();
    }
}
