package io.coditect.studio.api.chat;

import java.time.Instant;

/**
 * A turn that started: the agent answers the message in the session's event stream.
 *
 * @param turnId    the turn, also on its events
 * @param sessionId the session
 * @param userId    who sent the message
 * @param messageSeq sequence number of the USER_MESSAGE event that started it
 * @param startedAt when
 */
public record ChatTurn(String turnId, String sessionId, String userId, long messageSeq, Instant startedAt) {
}
