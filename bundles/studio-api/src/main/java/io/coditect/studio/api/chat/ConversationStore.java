package io.coditect.studio.api.chat;

import org.osgi.annotation.versioning.ProviderType;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;

/**
 * Stored conversations. Every method names the organisation and never returns another
 * organisation's messages; failures are {@link io.coditect.studio.api.store.StoreException}s and a
 * failed write changes nothing.
 */
@ProviderType
public interface ConversationStore {

    /**
     * Appends a message at the end of its session's conversation; the store sets id, index and
     * time. {@code NOT_FOUND} when the session is not one of the organisation's.
     */
    ConversationMessage append(ConversationMessage message);

    /** A conversation oldest first. */
    Page<ConversationMessage> messages(String orgId, String sessionId, PageRequest page);

    /**
     * Conversations (sessions with at least one message) newest activity first.
     *
     * @param projectId only this project's, or null for the whole organisation
     */
    Page<ConversationSummary> conversations(String orgId, String projectId, PageRequest page);

    /**
     * Messages whose text contains {@code text} (case-insensitive, at least 2 characters), newest
     * first.
     *
     * @param projectId only this project's, or null for the whole organisation
     */
    Page<ConversationMessage> search(String orgId, String projectId, String text, PageRequest page);
}
