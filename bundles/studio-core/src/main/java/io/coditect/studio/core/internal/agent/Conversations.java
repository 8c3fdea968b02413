package io.coditect.studio.core.internal.agent;

import java.util.ArrayList;
import java.util.List;

import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;

/** A stored conversation as the messages the model is given. */
final class Conversations {

    private Conversations() {
    }

    static List<ConversationMessage> load(ConversationStore store, String orgId, String sessionId) {
        List<ConversationMessage> all = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<ConversationMessage> p = store.messages(orgId, sessionId, page);
            all.addAll(p.items());
            if (!p.hasMore()) {
                return all;
            }
            page = PageRequest.after(p.nextCursor(), PageRequest.MAX_LIMIT);
        }
    }

    /** Consecutive tool outputs become one message, as the providers expect the answers to one step. */
    static List<ChatMessage> forModel(List<ConversationMessage> stored) {
        List<ChatMessage> out = new ArrayList<>();
        List<ContentPart> results = new ArrayList<>();
        for (ConversationMessage m : stored) {
            if (m.role() == ChatRole.TOOL) {
                results.add(new ContentPart.ToolResult(m.toolCallId() == null ? "" : m.toolCallId(), m.text(),
                        m.error()));
                continue;
            }
            flush(results, out);
            out.add(message(m));
        }
        flush(results, out);
        return out;
    }

    static ChatMessage message(ConversationMessage m) {
        if (m.role() != ChatRole.ASSISTANT || m.toolCalls().isEmpty()) {
            return new ChatMessage(m.role(), List.of(new ContentPart.Text(m.text())));
        }
        List<ContentPart> parts = new ArrayList<>();
        if (!m.text().isEmpty()) {
            parts.add(new ContentPart.Text(m.text()));
        }
        parts.addAll(m.toolCalls());
        return new ChatMessage(ChatRole.ASSISTANT, parts);
    }

    private static void flush(List<ContentPart> results, List<ChatMessage> out) {
        if (!results.isEmpty()) {
            out.add(new ChatMessage(ChatRole.TOOL, List.copyOf(results)));
            results.clear();
        }
    }
}
