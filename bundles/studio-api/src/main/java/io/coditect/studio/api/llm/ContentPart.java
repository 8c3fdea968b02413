package io.coditect.studio.api.llm;

import java.util.Objects;

/** One piece of a message: text, an image, a tool call by the model, or a tool's result. */
public sealed interface ContentPart {

    record Text(String text) implements ContentPart {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An image given inline; only models with {@link Capability#VISION} accept it. */
    record Image(String mediaType, String base64Data) implements ContentPart {
        public Image {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(base64Data, "base64Data");
        }
    }

    /** A tool call the model made in an earlier answer. */
    record ToolCall(String callId, String toolName, String argumentsJson) implements ContentPart {
        public ToolCall {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(toolName, "toolName");
            argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        }
    }

    /** The result of running a tool call. */
    record ToolResult(String callId, String content, boolean error) implements ContentPart {
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            content = content == null ? "" : content;
        }
    }
}
