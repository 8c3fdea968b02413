package io.coditect.studio.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.security.Caller;

/**
 * The chat endpoints as the SDD names them (§4.2): the organisation is optional and defaults to the
 * caller's. They answer exactly as {@code POST /v1/orgs/{org}/sessions/{session}/messages} and
 * {@code GET /v1/orgs/{org}/sessions/{session}/events}.
 */
@Path("/v1/chat")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChatAliasResource {

    /**
     * A message for the agent of a session.
     *
     * @param org     the session's organisation; the caller's when absent
     * @param session the session
     * @param text    1 to 100,000 characters
     * @param model   {@code provider} or {@code provider/model} to prefer, or null
     */
    public record ChatMessage(String org, String session, String text, String model) {
    }

    private final ChatResource chat;
    private final SessionEvents events;
    private final OpenStreams streams;

    ChatAliasResource(ChatResource chat, SessionEvents events, OpenStreams streams) {
        this.chat = chat;
        this.events = events;
        this.streams = streams;
    }

    /** Sends a message: 202 with the turn and a {@code Location} of the session's event stream. */
    @POST
    public Response send(ChatMessage body, @Context UriInfo uri) {
        Require.body(body);
        if (body.session() == null || body.session().isBlank()) {
            throw new IllegalArgumentException("'session' is required: the id of the session whose agent gets the"
                    + " message (POST /api/v1/orgs/{org}/sessions opens one).");
        }
        return chat.send(org(body.org()), body.session(), new ChatResource.SendMessage(body.text(), body.model()), uri);
    }

    /** The session's live events as Server-Sent Events, resumed after {@code Last-Event-ID}. */
    @GET
    @Path("/{session}/stream")
    @Produces("text/event-stream")
    public Response stream(@PathParam("session") String session, @QueryParam("org") String org,
            @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") Long after) {
        Caller caller = CallerContext.require();
        return SseStream.response(events, streams, caller, org == null || org.isBlank() ? caller.orgId() : org,
                session, lastEventId, after);
    }

    private static String org(String org) {
        return org == null || org.isBlank() ? CallerContext.require().orgId() : org;
    }
}
