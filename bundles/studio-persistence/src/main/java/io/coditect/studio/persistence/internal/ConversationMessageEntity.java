package io.coditect.studio.persistence.internal;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.llm.ChatRole;

@Entity
@Table(name = "conversation_messages")
public class ConversationMessageEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "org_id")
    String orgId;

    @Column(name = "session_id")
    String sessionId;

    @Column(name = "project_id")
    String projectId;

    /** Position in the session's conversation, from 1. */
    @Column(name = "idx")
    long idx;

    @Column(name = "turn_id")
    String turnId;

    @Enumerated(EnumType.STRING)
    @Column(name = "role")
    ChatRole role;

    @Column(name = "author_id")
    String authorId;

    // CLOB on H2, TEXT on PostgreSQL; read eagerly, as weaving (and so lazy basics) is off
    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "text")
    String text;

    /** The tool calls as {@link ToolCallsJson}, or null when there are none. */
    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "tool_calls")
    String toolCalls;

    @Column(name = "tool_call_id")
    String toolCallId;

    @Column(name = "error")
    boolean error;

    @Column(name = "provider")
    String provider;

    @Column(name = "model")
    String model;

    @Column(name = "input_tokens")
    long inputTokens;

    @Column(name = "output_tokens")
    long outputTokens;

    @Column(name = "created_at")
    long createdAt;

    protected ConversationMessageEntity() {
    }

    /** The message as given, with the store's id, position, project and time. */
    ConversationMessageEntity(String id, ConversationMessage m, String projectId, long idx, String toolCalls,
            long createdAt) {
        this.id = id;
        this.orgId = m.orgId();
        this.sessionId = m.sessionId();
        this.projectId = projectId;
        this.idx = idx;
        this.turnId = m.turnId();
        this.role = m.role();
        this.authorId = m.authorId();
        this.text = m.text();
        this.toolCalls = toolCalls;
        this.toolCallId = m.toolCallId();
        this.error = m.error();
        this.provider = m.provider();
        this.model = m.model();
        this.inputTokens = m.inputTokens();
        this.outputTokens = m.outputTokens();
        this.createdAt = createdAt;
    }

    ConversationMessage toRecord() {
        return new ConversationMessage(id, orgId, sessionId, projectId, idx, turnId, role, authorId, text,
                ToolCallsJson.read(toolCalls), toolCallId, error, provider, model, inputTokens, outputTokens,
                Check.instant(createdAt));
    }
}
