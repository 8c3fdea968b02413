package io.coditect.studio.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.store.Page;

/** Checkpoints of the organisation: history per project, one checkpoint's files and diff. */
@Path("/v1/orgs/{org}/checkpoints")
@Produces(MediaType.APPLICATION_JSON)
public class CheckpointResource {

    private final SessionService sessions;

    CheckpointResource(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The checkpoints of every session of a project, newest first. */
    @GET
    public Page<CheckpointRecord> ofProject(@PathParam("org") String org, @QueryParam("project") String project,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        Require.present("project", project);
        return sessions.projectCheckpoints(CallerContext.require(), org, project, Paging.of(limit, cursor));
    }

    /** The checkpoint's commit: author, message, parents and changed files. */
    @GET
    @Path("/{checkpoint}")
    public Commit commit(@PathParam("org") String org, @PathParam("checkpoint") String checkpoint) {
        return sessions.checkpointCommit(CallerContext.require(), org, checkpoint);
    }

    /** Unified diff against the checkpoint before it (at most 1 MB, cut with a note). */
    @GET
    @Path("/{checkpoint}/diff")
    @Produces("text/x-diff")
    public Response diff(@PathParam("org") String org, @PathParam("checkpoint") String checkpoint) {
        return Response.ok(sessions.checkpointDiff(CallerContext.require(), org, checkpoint), "text/x-diff")
                .header("Cache-Control", "no-store").build();
    }
}
