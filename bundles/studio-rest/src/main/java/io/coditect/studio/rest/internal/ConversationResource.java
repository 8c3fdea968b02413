package io.coditect.studio.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.ConversationSummary;
import io.coditect.studio.api.store.Page;

/**
 * The conversations of the organisation (one per session that has messages), newest activity
 * first, and a search of their messages; {@code project} narrows both to one project.
 */
@Path("/v1/orgs/{org}/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    /** Shortest text a search looks for. */
    static final int MIN_QUERY = 2;

    private final ChatService chat;

    ConversationResource(ChatService chat) {
        this.chat = chat;
    }

    @GET
    public Page<ConversationSummary> list(@PathParam("org") String org, @QueryParam("project") String project,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return chat.conversations(CallerContext.require(), org, blank(project), Paging.of(limit, cursor));
    }

    /** Messages whose text contains {@code q} (case-insensitive), newest first. */
    @GET
    @Path("/search")
    public Page<ConversationMessage> search(@PathParam("org") String org, @QueryParam("q") String q,
            @QueryParam("project") String project, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        if (q == null || q.isBlank()) {
            throw new IllegalArgumentException("'q' is required: the text to look for in the messages (at least "
                    + MIN_QUERY + " characters).");
        }
        if (q.strip().codePointCount(0, q.strip().length()) < MIN_QUERY) {
            throw new IllegalArgumentException("'q' must have at least " + MIN_QUERY + " characters, not '" + q
                    + "'.");
        }
        return chat.search(CallerContext.require(), org, blank(project), q, Paging.of(limit, cursor));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
