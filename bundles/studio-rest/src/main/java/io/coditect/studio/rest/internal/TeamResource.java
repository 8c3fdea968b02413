package io.coditect.studio.rest.internal;

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

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyService;

/** Teams of an organisation. */
@Path("/v1/orgs/{org}/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {

    /** Tenant fields in a body are ignored: the organisation comes from the path and the caller. */
    @JsonIgnoreProperties({"orgId", "tenantId", "createdAt"})
    public record CreateTeam(String id, String name) {
    }

    @JsonIgnoreProperties({"id", "orgId", "tenantId", "createdAt"})
    public record UpdateTeam(String name) {
    }

    private final TenancyService tenancy;

    TeamResource(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @GET
    public Page<Team> list(@PathParam("org") String org, @QueryParam("text") String text,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return tenancy.listTeams(CallerContext.require(), org, text, Paging.of(limit, cursor));
    }

    @POST
    public Response create(@PathParam("org") String org, CreateTeam body) {
        Require.body(body);
        Team team = tenancy.createTeam(CallerContext.require(), Team.of(org, body.id(), body.name()));
        return Response.status(Response.Status.CREATED).entity(team).build();
    }

    @GET
    @Path("/{team}")
    public Team get(@PathParam("org") String org, @PathParam("team") String team) {
        return tenancy.team(CallerContext.require(), org, team);
    }

    @PATCH
    @Path("/{team}")
    public Team update(@PathParam("org") String org, @PathParam("team") String team, UpdateTeam body) {
        Require.body(body);
        Caller caller = CallerContext.require();
        Team current = tenancy.team(caller, org, team);
        return tenancy.updateTeam(caller, body.name() == null ? current : current.withName(body.name()));
    }

    @DELETE
    @Path("/{team}")
    public Response delete(@PathParam("org") String org, @PathParam("team") String team) {
        tenancy.deleteTeam(CallerContext.require(), org, team);
        return Response.noContent().build();
    }
}
