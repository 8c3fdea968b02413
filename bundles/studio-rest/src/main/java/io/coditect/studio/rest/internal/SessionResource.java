package io.coditect.studio.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.WorkspaceEntry;
import io.coditect.studio.api.session.WorkspaceListing;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.store.Page;

/** Sessions of the organisation, each with its sandbox, and commands run in them. */
@Path("/v1/orgs/{org}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** The owner, team and organisation come from the caller and the project, never from the body. */
    @JsonIgnoreProperties({"orgId", "tenantId", "teamId", "userId", "ownerId", "state", "createdAt"})
    public record OpenSession(String projectId, String kind, String title, List<String> command,
            Long timeoutSeconds) {
    }

    /** A command: argv, optional working folder (inside the sandbox), environment, timeout and stdin. */
    public record Exec(List<String> command, String workdir, Map<String, String> env, Long timeoutSeconds,
            String stdin) {
    }

    /** A checkpoint to take: the message, and whether to record one when nothing changed. */
    public record TakeCheckpoint(String message, Boolean allowEmpty) {
    }

    /** The checkpoint to restore. */
    public record Restore(String checkpointId) {
    }

    /** Largest file one upload may write. */
    static final long MAX_UPLOAD_BYTES = 256L * 1024 * 1024;

    private static final String NDJSON = "application/x-ndjson";
    private static final ObjectMapper JSON = ApiServerFactory.objectMapper();

    private final SessionService sessions;
    private final SessionEvents events;
    private final OpenStreams streams;

    SessionResource(SessionService sessions, SessionEvents events, OpenStreams streams) {
        this.sessions = sessions;
        this.events = events;
        this.streams = streams;
    }

    /** What the caller is doing in the session. */
    public record Presence(String state) {
    }

    /** Tells everybody watching the session that the caller is {@code watching}, {@code typing} or {@code left}. */
    @POST
    @Path("/{session}/presence")
    public Response presence(@PathParam("org") String org, @PathParam("session") String session, Presence body) {
        Require.body(body);
        events.presence(CallerContext.require(), org, session, Require.present("state", body.state()));
        return Response.noContent().build();
    }

    /**
     * The session's live events as Server-Sent Events: everything after {@code Last-Event-ID} (or
     * {@code ?after=}) that is still kept, then new events as they happen. A client that falls
     * behind gets a RESYNC event and the stream ends.
     */
    @GET
    @Path("/{session}/events")
    @Produces("text/event-stream")
    public Response events(@PathParam("org") String org, @PathParam("session") String session,
            @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") Long after) {
        return SseStream.response(events, streams, CallerContext.require(), org, session, lastEventId, after);
    }

    @GET
    public Page<SessionRecord> list(@PathParam("org") String org, @QueryParam("project") String project,
            @QueryParam("user") String user, @QueryParam("team") String team, @QueryParam("state") String state,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        SessionState s = QueryEnums.parse(SessionState.class, "state", state);
        SessionFilter filter = new SessionFilter(team, user, project,
                s == null ? java.util.Set.of() : java.util.Set.of(s));
        return sessions.list(CallerContext.require(), org, filter, Paging.of(limit, cursor));
    }

    @POST
    public Response open(@PathParam("org") String org, OpenSession body) {
        Require.body(body);
        Require.present("projectId", body.projectId());
        SessionKind kind = QueryEnums.parse(SessionKind.class, "kind", body.kind());
        boolean hasTask = body.command() != null && !body.command().isEmpty();
        if (kind == SessionKind.BATCH && !hasTask || hasTask && kind != null && kind != SessionKind.BATCH) {
            throw new IllegalArgumentException("a BATCH session needs its task in 'command' (the argv to run), and only"
                    + " a BATCH session takes one");
        }
        if (body.timeoutSeconds() != null && body.timeoutSeconds() <= 0) {
            throw new IllegalArgumentException("'timeoutSeconds' must be positive");
        }
        SessionRecord s = hasTask
                ? sessions.runTask(CallerContext.require(), org, body.projectId(), new ExecRequest(body.command(), null,
                        null, body.timeoutSeconds() == null ? null : Duration.ofSeconds(body.timeoutSeconds())),
                        body.title())
                : sessions.open(CallerContext.require(), org, body.projectId(), kind, body.title());
        return Response.status(Response.Status.CREATED).entity(s).build();
    }

    @GET
    @Path("/{session}")
    public SessionRecord get(@PathParam("org") String org, @PathParam("session") String session) {
        return sessions.session(CallerContext.require(), org, session);
    }

    /** The output of a BATCH session's task: so far while it runs, all of it once it ended. */
    @GET
    @Path("/{session}/log")
    @Produces(MediaType.TEXT_PLAIN)
    public Response taskLog(@PathParam("org") String org, @PathParam("session") String session) {
        InputStream in = sessions.taskLog(CallerContext.require(), org, session);
        StreamingOutput out = output -> {
            try (in) {
                in.transferTo(output);
            }
        };
        return Response.ok(out, "text/plain; charset=utf-8").header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /**
     * Starts a new sandbox for a session whose sandbox was stopped, recycled or lost; the workspace
     * comes back from its last write-back, and the id, conversation and checkpoints stay. A running
     * session with its sandbox is returned as it is.
     */
    @POST
    @Path("/{session}/resume")
    public SessionRecord resume(@PathParam("org") String org, @PathParam("session") String session) {
        return sessions.resume(CallerContext.require(), org, session);
    }

    /** Stops the session's sandbox; the session stays listed as STOPPED. */
    @DELETE
    @Path("/{session}")
    public SessionRecord stop(@PathParam("org") String org, @PathParam("session") String session) {
        return sessions.stop(CallerContext.require(), org, session);
    }

    /**
     * Runs a command and streams newline-delimited JSON as it happens: {@code {"stream":"stdout",
     * "data":"…"}} per chunk of output, then {@code {"exitCode":0,"termination":"EXITED",…}}. Closing
     * the connection cancels the command.
     */
    @POST
    @Path("/{session}/exec")
    @Produces(NDJSON)
    public Response exec(@PathParam("org") String org, @PathParam("session") String session, Exec body) {
        Require.body(body);
        if (body.command() == null || body.command().isEmpty()) {
            throw new IllegalArgumentException("'command' is required: the argv to run, e.g. [\"ls\", \"-la\"]");
        }
        if (body.timeoutSeconds() != null && body.timeoutSeconds() <= 0) {
            throw new IllegalArgumentException("'timeoutSeconds' must be positive");
        }
        Caller caller = CallerContext.require();
        ExecRequest request = new ExecRequest(body.command(), body.workdir(), body.env(),
                body.timeoutSeconds() == null ? null : Duration.ofSeconds(body.timeoutSeconds()));
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        ExecHandle handle = sessions.exec(caller, org, session, request, new ExecListener() {
            @Override
            public void onOutput(Stream stream, byte[] chunk) {
                events.add(Map.of("stream", stream.name().toLowerCase(),
                        "data", new String(chunk, StandardCharsets.UTF_8)));
            }

            @Override
            public void onExit(ExecResult result) {
                events.add(result);
            }
        });
        writeStdin(handle, body.stdin());
        StreamingOutput out = output -> stream(handle, events, output);
        return Response.ok(out, NDJSON).header("Cache-Control", "no-store").build();
    }

    private static void writeStdin(ExecHandle handle, String stdin) {
        try (OutputStream in = handle.stdin()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command closed its input or ended already: nothing to deliver
        }
    }

    private static void stream(ExecHandle handle, BlockingQueue<Object> events, OutputStream output)
            throws IOException {
        try {
            while (true) {
                Object event = events.take();
                if (event instanceof ExecResult r) {
                    write(output, Map.of("exitCode", r.exitCode(), "termination", r.termination().name(),
                            "durationMs", r.duration().toMillis(), "message", r.message()));
                    return;
                }
                write(output, event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel();
        } catch (IOException e) {
            // the client went away: stop the command it no longer watches
            handle.cancel();
            throw e;
        }
    }

    private static void write(OutputStream output, Object event) throws IOException {
        output.write(JSON.writeValueAsBytes(event));
        output.write('\n');
        output.flush();
    }

    /**
     * Lists a folder of the session's workspace ({@code /home/dev}; the project is in {@code project/}).
     * {@code recursive=true} lists the whole tree below it, up to {@code limit} entries (default 10,000);
     * {@code truncated} says when some were left out.
     */
    @GET
    @Path("/{session}/files")
    public WorkspaceListing files(@PathParam("org") String org, @PathParam("session") String session,
            @QueryParam("path") String path, @QueryParam("recursive") Boolean recursive,
            @QueryParam("limit") Integer limit) {
        return sessions.files(CallerContext.require(), org, session, path, recursive != null && recursive,
                limit == null ? 10_000 : limit);
    }

    /** The content of one workspace file. */
    @GET
    @Path("/{session}/files/{path: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response readFile(@PathParam("org") String org, @PathParam("session") String session,
            @PathParam("path") String path) {
        InputStream in = sessions.readFile(CallerContext.require(), org, session, path);
        StreamingOutput out = output -> {
            try (in) {
                in.transferTo(output);
            }
        };
        return Response.ok(out, MediaType.APPLICATION_OCTET_STREAM).header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /** Writes one workspace file whole from the request body (at most 256 MiB); folders are created. */
    @PUT
    @Path("/{session}/files/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    public WorkspaceEntry writeFile(@PathParam("org") String org, @PathParam("session") String session,
            @PathParam("path") String path, InputStream body) {
        return sessions.writeFile(CallerContext.require(), org, session, path,
                new BoundedInputStream(body, MAX_UPLOAD_BYTES, "the upload"));
    }

    @DELETE
    @Path("/{session}/files/{path: .+}")
    public Response deleteFile(@PathParam("org") String org, @PathParam("session") String session,
            @PathParam("path") String path) {
        if (!sessions.deleteFile(CallerContext.require(), org, session, path)) {
            throw StoreException.notFound("file '" + path + "' not found in the workspace");
        }
        return Response.noContent().build();
    }

    /**
     * Commits the session's project (git) and writes its workspace back to storage. 201 with the
     * checkpoint, or 204 when nothing changed and {@code allowEmpty} is not set.
     */
    @POST
    @Path("/{session}/checkpoints")
    public Response checkpoint(@PathParam("org") String org, @PathParam("session") String session,
            TakeCheckpoint body) {
        TakeCheckpoint b = body == null ? new TakeCheckpoint(null, false) : body;
        CheckpointRecord cp = sessions.checkpoint(CallerContext.require(), org, session, b.message(),
                b.allowEmpty() != null && b.allowEmpty());
        return cp == null ? Response.noContent().build() : Response.status(Response.Status.CREATED).entity(cp).build();
    }

    @GET
    @Path("/{session}/checkpoints")
    public Page<CheckpointRecord> checkpoints(@PathParam("org") String org, @PathParam("session") String session,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return sessions.checkpoints(CallerContext.require(), org, session, Paging.of(limit, cursor));
    }

    /** Makes the session's project the tree of a checkpoint; the next checkpoint records the restore. */
    @POST
    @Path("/{session}/restore")
    public CheckpointRecord restore(@PathParam("org") String org, @PathParam("session") String session,
            Restore body) {
        Require.body(body);
        Require.present("checkpointId", body.checkpointId());
        return sessions.restore(CallerContext.require(), org, session, body.checkpointId());
    }
}
