package io.coditect.studio.api.chat;

import org.osgi.annotation.versioning.ProviderType;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;

/**
 * Chat with the agent of a session (SDD §4.2). A message starts a turn: the routed model answers
 * with the session's tools (files, search, commands, checkpoints) until it is done, and every step
 * is a {@link SessionEvent} of the session's stream. Sending, cancelling and deciding approvals need
 * the right to change the session (its owner, Team and Org Admins); reading needs read access.
 * Another organisation's session is "not found" ({@link io.coditect.studio.api.store.StoreException}).
 */
@ProviderType
public interface ChatService {

    /**
     * Stores the message, publishes it and starts the agent's turn; returns at once.
     * {@code CONFLICT} when a turn of the session is still running or its sandbox is gone,
     * {@code INVALID} for an empty or oversized message.
     */
    ChatTurn send(Caller caller, String orgId, String sessionId, ChatInput input);

    /**
     * Stops the session's running turn (the model stream, a running command, a pending approval);
     * false when no turn runs or {@code turnId} is not the running one.
     */
    boolean cancel(Caller caller, String orgId, String sessionId, String turnId);

    /**
     * Grants or denies a pending approval; {@code NOT_FOUND} when it is not pending (decided,
     * cancelled or unknown).
     */
    void decide(Caller caller, String orgId, String sessionId, String approvalId, boolean approve, String reason);

    /** The session's conversation, oldest first. */
    Page<ConversationMessage> conversation(Caller caller, String orgId, String sessionId, PageRequest page);

    /** Conversations of a project (or of the organisation when {@code projectId} is null). */
    Page<ConversationSummary> conversations(Caller caller, String orgId, String projectId, PageRequest page);

    /** Messages containing {@code text}, newest first, in a project or the organisation. */
    Page<ConversationMessage> search(Caller caller, String orgId, String projectId, String text, PageRequest page);
}
