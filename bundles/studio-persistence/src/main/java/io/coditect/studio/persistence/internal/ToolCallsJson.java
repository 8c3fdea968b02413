package io.coditect.studio.persistence.internal;

import java.util.List;
import java.util.Map;

import io.coditect.studio.api.llm.ContentPart;

/**
 * The tool calls of a message as a JSON array of {@code {"arguments", "id", "name"}} objects. The
 * arguments stay the model's JSON text, kept as a string: the store neither checks nor reshapes them.
 */
final class ToolCallsJson {

    private ToolCallsJson() {
    }

    /** Null for no calls, so that most rows hold nothing. */
    static String write(List<ContentPart.ToolCall> calls) {
        if (calls.isEmpty()) {
            return null;
        }
        return FlatJson.writeArray(calls.stream().map(c -> Map.of("id", c.callId(), "name", c.toolName(),
                "arguments", c.argumentsJson())).toList());
    }

    /** @throws IllegalArgumentException when {@code json} was not written by {@link #write} */
    static List<ContentPart.ToolCall> read(String json) {
        if (json == null) {
            return List.of();
        }
        return FlatJson.parseArray(json).stream().map(m -> {
            if (m.get("id") == null || m.get("name") == null) {
                throw new IllegalArgumentException("a tool call without id or name: " + m.keySet());
            }
            return new ContentPart.ToolCall(m.get("id"), m.get("name"), m.get("arguments"));
        }).toList();
    }
}
