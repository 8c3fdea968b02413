package io.coditect.studio.api.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;

/**
 * One stored message of a session's conversation: what the model is given on the next turn and
 * what the history, search and export show.
 *
 * @param id           set by the store
 * @param orgId        the organisation
 * @param sessionId    the session (one conversation per session)
 * @param projectId    the session's project, for listing and searching per project
 * @param index        position in the conversation from 1, set by the store
 * @param turnId       the agent turn it belongs to (a user message starts one)
 * @param role         USER (a participant), ASSISTANT (the model) or TOOL (a tool's output)
 * @param authorId     the user who wrote a USER message, or who started the turn otherwise
 * @param text         the text; for TOOL the bounded output exactly as the model got it
 * @param toolCalls    the tools an ASSISTANT message calls, in order; empty otherwise
 * @param toolCallId   for TOOL, the call it answers; null otherwise
 * @param error        for TOOL, whether the tool failed or was refused
 * @param provider     for ASSISTANT, the provider that answered; null otherwise
 * @param model        for ASSISTANT, the model that answered
 * @param inputTokens  for ASSISTANT, tokens read for this step
 * @param outputTokens for ASSISTANT, tokens written for this step
 * @param at           when it was stored (set by the store)
 */
public record ConversationMessage(String id, String orgId, String sessionId, String projectId, long index,
        String turnId, ChatRole role, String authorId, String text, List<ContentPart.ToolCall> toolCalls,
        String toolCallId, boolean error, String provider, String model, long inputTokens, long outputTokens,
        Instant at) {

    public ConversationMessage {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(role, "role");
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** A participant's message, not yet stored. */
    public static ConversationMessage user(String orgId, String sessionId, String projectId, String turnId,
            String userId, String text) {
        return new ConversationMessage(null, orgId, sessionId, projectId, 0, turnId, ChatRole.USER, userId, text,
                List.of(), null, false, null, null, 0, 0, null);
    }
}
