package io.coditect.studio.rest.internal;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;

import io.coditect.studio.api.chat.ChatInput;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.ChatTurn;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;

/**
 * Chat with the agent of a session: a message starts a turn whose steps arrive on the session's
 * event stream ({@code GET …/sessions/{session}/events}); turns are cancelled and approvals decided
 * here, and the stored conversation is read, paged or exported whole.
 */
// the same template as SessionResource: CXF looks for the method in every root resource whose
// template ranks equal, and only in those
@Path("/v1/orgs/{org}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChatResource {

    /**
     * A message for the agent.
     *
     * @param text  1 to {@value #MAX_TEXT} characters
     * @param model {@code provider} or {@code provider/model} to prefer, or null to let the router choose
     */
    public record SendMessage(String text, String model) {
    }

    /** Whether the running turn was stopped (false when none ran or another one runs). */
    public record Cancelled(boolean cancelled) {
    }

    /** The decision on a pending approval; {@code reason} is shown to the session (optional). */
    public record Decision(Boolean approve, String reason) {
    }

    /** A conversation as the JSON export has it. */
    public record ConversationExport(String sessionId, Instant exportedAt, List<ConversationMessage> messages) {
    }

    /** Most characters (code points) one message may have. */
    static final int MAX_TEXT = 100_000;

    private final ChatService chat;

    ChatResource(ChatService chat) {
        this.chat = chat;
    }

    /**
     * Sends a message and starts the agent's turn: 202 with the turn, and a {@code Location} of the
     * session's event stream, where the answer arrives.
     */
    @POST
    @Path("/{session}/messages")
    public Response send(@PathParam("org") String org, @PathParam("session") String session, SendMessage body,
            @Context UriInfo uri) {
        Require.body(body);
        ChatInput input = input(body.text(), body.model());
        ChatTurn turn = chat.send(CallerContext.require(), org, session, input);
        // an absolute-path reference: the host the client used, not the one the server thinks it has
        URI events = UriBuilder.fromPath(uri.getBaseUri().getRawPath()).path("v1/orgs/{org}/sessions/{session}/events")
                .build(org, session);
        return Response.accepted(turn).header(HttpHeaders.LOCATION, events.toASCIIString()).build();
    }

    /** Checks a message before the service sees it: present, not blank, not too long; the model readable. */
    static ChatInput input(String text, String model) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("'text' is required: the message for the agent (1 to 100,000 characters).");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT) {
            throw new IllegalArgumentException("'text' has " + length + " characters; a message may have at most"
                    + " 100,000. Split it, or put long content in a workspace file and refer to it.");
        }
        return new ChatInput(text, model(model));
    }

    private static ModelRef model(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        try {
            return ModelRef.parse(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'model' must be 'provider' or 'provider/model' (GET /api/v1/providers"
                    + " lists them), or null to let the router choose; not '" + model + "'.");
        }
    }

    /** Stops the session's running turn: its model stream, a running command, a pending approval. */
    @POST
    @Path("/{session}/turns/{turn}/cancel")
    public Cancelled cancel(@PathParam("org") String org, @PathParam("session") String session,
            @PathParam("turn") String turn) {
        return new Cancelled(chat.cancel(CallerContext.require(), org, session, turn));
    }

    /** Grants ({@code approve: true}) or denies a tool call that waits for a person. */
    @POST
    @Path("/{session}/approvals/{approval}")
    public Response decide(@PathParam("org") String org, @PathParam("session") String session,
            @PathParam("approval") String approval, Decision body) {
        Require.body(body);
        if (body.approve() == null) {
            throw new IllegalArgumentException("'approve' is required: true to let the tool call run, false to refuse"
                    + " it (with an optional 'reason').");
        }
        String reason = body.reason() == null || body.reason().isBlank() ? null : body.reason();
        chat.decide(CallerContext.require(), org, session, approval, body.approve(), reason);
        return Response.noContent().build();
    }

    /** The session's conversation, oldest first. */
    @GET
    @Path("/{session}/conversation")
    public Page<ConversationMessage> conversation(@PathParam("org") String org, @PathParam("session") String session,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return chat.conversation(CallerContext.require(), org, session, Paging.of(limit, cursor));
    }

    /**
     * The whole conversation as a download: {@code markdown} (default) to read, {@code json} to
     * process ({@code {"sessionId", "exportedAt", "messages": […]}}).
     */
    @GET
    @Path("/{session}/conversation/export")
    @Produces({"text/markdown", MediaType.APPLICATION_JSON})
    public Response export(@PathParam("org") String org, @PathParam("session") String session,
            @QueryParam("format") String format) {
        String f = format == null || format.isBlank() ? "markdown" : format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("markdown") && !f.equals("json")) {
            throw new IllegalArgumentException("'format' must be 'markdown' or 'json', not '" + format + "'.");
        }
        List<ConversationMessage> messages = all(CallerContext.require(), org, session);
        Instant now = Instant.now();
        boolean json = f.equals("json");
        byte[] content = json ? ConversationExports.json(new ConversationExport(session, now, messages))
                : ConversationExports.markdown(session, now, messages);
        String file = "conversation-" + ConversationExports.fileName(session) + (json ? ".json" : ".md");
        return Response.ok(content, json ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store").build();
    }

    /** Every message, following the pages to the end. */
    private List<ConversationMessage> all(Caller caller, String org, String session) {
        List<ConversationMessage> messages = new ArrayList<>();
        String cursor = null;
        do {
            Page<ConversationMessage> page = chat.conversation(caller, org, session,
                    PageRequest.after(cursor, PageRequest.MAX_LIMIT));
            messages.addAll(page.items());
            if (page.nextCursor() != null && page.nextCursor().equals(cursor)) {
                throw new IllegalStateException("the conversation store returned the same page cursor twice");
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return messages;
    }
}
