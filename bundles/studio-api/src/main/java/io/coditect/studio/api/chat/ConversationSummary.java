package io.coditect.studio.api.chat;

import java.time.Instant;

/**
 * A session's conversation in a listing.
 *
 * @param sessionId     the session
 * @param projectId     its project
 * @param startedBy     the author of the first message
 * @param title         the start of the first user message (at most 120 characters)
 * @param messages      how many messages it has
 * @param firstAt       when the first was stored
 * @param lastAt        when the last was stored
 */
public record ConversationSummary(String sessionId, String projectId, String startedBy, String title, long messages,
        Instant firstAt, Instant lastAt) {
}
