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
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.TenancyService;

/** Projects of the organisation's teams. */
@Path("/v1/orgs/{org}/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectResource {

    /** The creator is the caller, whatever the body says. */
    @JsonIgnoreProperties({"orgId", "tenantId", "ownerId", "createdBy", "createdAt"})
    public record CreateProject(String id, String teamId, String name, String description) {
    }

    @JsonIgnoreProperties({"id", "orgId", "tenantId", "ownerId", "createdBy", "createdAt"})
    public record UpdateProject(String teamId, String name, String description) {
    }

    private final TenancyService tenancy;

    ProjectResource(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @GET
    public Page<Project> list(@PathParam("org") String org, @QueryParam("team") String team,
            @QueryParam("text") String text, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return tenancy.listProjects(CallerContext.require(), org, new ProjectFilter(team, text),
                Paging.of(limit, cursor));
    }

    @POST
    public Response create(@PathParam("org") String org, CreateProject body) {
        Require.body(body);
        Project project = tenancy.createProject(CallerContext.require(),
                Project.of(org, body.id(), body.teamId(), body.name()).withDescription(body.description()));
        return Response.status(Response.Status.CREATED).entity(project).build();
    }

    @GET
    @Path("/{project}")
    public Project get(@PathParam("org") String org, @PathParam("project") String project) {
        return tenancy.project(CallerContext.require(), org, project);
    }

    @PATCH
    @Path("/{project}")
    public Project update(@PathParam("org") String org, @PathParam("project") String project, UpdateProject body) {
        Require.body(body);
        Caller caller = CallerContext.require();
        Project changed = tenancy.project(caller, org, project);
        if (body.teamId() != null) {
            changed = changed.withTeam(body.teamId());
        }
        if (body.name() != null) {
            changed = changed.withName(body.name());
        }
        if (body.description() != null) {
            changed = changed.withDescription(body.description());
        }
        return tenancy.updateProject(caller, changed);
    }

    @DELETE
    @Path("/{project}")
    public Response delete(@PathParam("org") String org, @PathParam("project") String project) {
        tenancy.deleteProject(CallerContext.require(), org, project);
        return Response.noContent().build();
    }
}
