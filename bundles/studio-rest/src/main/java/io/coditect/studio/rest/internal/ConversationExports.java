package io.coditect.studio.rest.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;

/**
 * A whole conversation as a file: Markdown to read (each message under a heading with its role,
 * author and time; tool calls and outputs fenced), or JSON to process.
 */
final class ConversationExports {

    private static final ObjectMapper JSON = ApiServerFactory.objectMapper();

    private ConversationExports() {
    }

    static byte[] json(ChatResource.ConversationExport export) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(export);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the conversation as JSON", e);
        }
    }

    static byte[] markdown(String sessionId, Instant exportedAt, List<ConversationMessage> messages) {
        StringBuilder md = new StringBuilder();
        md.append("# Conversation of session ").append(sessionId).append("\n\n");
        md.append("Exported ").append(exportedAt).append(", ").append(messages.size())
                .append(messages.size() == 1 ? " message" : " messages").append(".\n");
        Map<String, String> toolNames = new HashMap<>();
        for (ConversationMessage m : messages) {
            md.append("\n## ").append(m.index() > 0 ? m.index() + ". " : "").append(heading(m));
            if (m.authorId() != null) {
                md.append(m.role() == ChatRole.USER ? " · " : " · turn of ").append(m.authorId());
            }
            if (m.at() != null) {
                md.append(" · ").append(m.at());
            }
            md.append("\n\n");
            if (m.role() == ChatRole.ASSISTANT) {
                assistant(md, m, toolNames);
            } else if (m.role() == ChatRole.TOOL) {
                String tool = m.toolCallId() == null ? null : toolNames.get(m.toolCallId());
                md.append("Tool output").append(tool == null ? "" : " of `" + tool + "`");
                if (m.toolCallId() != null) {
                    md.append(" (call `").append(m.toolCallId()).append("`)");
                }
                md.append(m.error() ? ", **error**" : "").append(":\n\n");
                fenced(md, "text", m.text());
            } else {
                md.append(m.text()).append('\n');
            }
        }
        return md.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String heading(ConversationMessage m) {
        return switch (m.role()) {
            case USER -> "User";
            case ASSISTANT -> "Assistant";
            case TOOL -> "Tool output";
        };
    }

    private static void assistant(StringBuilder md, ConversationMessage m, Map<String, String> toolNames) {
        if (m.provider() != null || m.model() != null) {
            md.append("_Model ").append(m.provider() == null ? "" : m.provider())
                    .append(m.provider() != null && m.model() != null ? "/" : "")
                    .append(m.model() == null ? "" : m.model());
            md.append(", tokens: ").append(m.inputTokens()).append(" in, ").append(m.outputTokens())
                    .append(" out_\n\n");
        } else if (m.inputTokens() > 0 || m.outputTokens() > 0) {
            md.append("_Tokens: ").append(m.inputTokens()).append(" in, ").append(m.outputTokens())
                    .append(" out_\n\n");
        }
        if (!m.text().isEmpty()) {
            md.append(m.text()).append("\n\n");
        }
        for (ContentPart.ToolCall call : m.toolCalls()) {
            toolNames.put(call.callId(), call.toolName());
            md.append("Tool call `").append(call.toolName()).append("` (call `").append(call.callId())
                    .append("`):\n\n");
            fenced(md, "json", call.argumentsJson());
        }
    }

    /** A fenced block whose fence is longer than any run of backticks in the content, so it cannot end early. */
    private static void fenced(StringBuilder md, String info, String content) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        md.append(fence).append(info).append('\n').append(content);
        if (!content.endsWith("\n")) {
            md.append('\n');
        }
        md.append(fence).append("\n\n");
    }

    /** The session id as a safe part of a file name. */
    static String fileName(String sessionId) {
        String safe = sessionId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }
}
