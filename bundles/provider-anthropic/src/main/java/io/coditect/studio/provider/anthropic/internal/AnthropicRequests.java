package io.coditect.studio.provider.anthropic.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.provider.support.Json;

/**
 * Maps a {@link ChatRequest} to the JSON body of {@code POST /v1/messages}:
 *
 * <pre>
 * {"model": …, "max_tokens": …, "system": "…", "temperature": …, "stream": true,
 *  "messages": [{"role": "user"|"assistant", "content": [ blocks ]}],
 *  "tools": [{"name": …, "description": …, "input_schema": {…}}]}
 * </pre>
 *
 * <ul>
 * <li>USER and TOOL messages become {@code user} turns, ASSISTANT messages {@code assistant} turns;
 * consecutive turns of one role are merged, and in a {@code user} turn the {@code tool_result}
 * blocks come first (the API requires that).</li>
 * <li>Text → {@code text} block (empty text is left out); Image → {@code image} block with a
 * base64 source (only for models with VISION, only in user turns, JPEG/PNG/GIF/WebP); ToolCall
 * (assistant turns only) → {@code tool_use} with the arguments as {@code input} object;
 * ToolResult (user/tool turns only) → {@code tool_result} with {@code tool_use_id}, the text as
 * {@code content} and {@code is_error}. Turns left without blocks are dropped.</li>
 * <li>{@code system} only when not blank, {@code temperature} only when set, {@code tools} only
 * when offered (the model needs TOOLS); each tool's {@code input_schema} is its JSON Schema.</li>
 * </ul>
 * Anything the API would refuse for sure is refused here with BAD_REQUEST and a clear message.
 */
final class AnthropicRequests {

    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicRequests() {
    }

    static byte[] toJson(String providerId, ChatRequest request, ModelInfo model) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", request.model());
        root.put("max_tokens", request.maxTokens());
        if (!request.system().isBlank()) {
            root.put("system", request.system());
        }
        root.set("messages", messages(providerId, request, model));
        if (!request.tools().isEmpty()) {
            if (!model.supports(Capability.TOOLS)) {
                throw bad(providerId, "model '" + model.id() + "' does not support tools (it lacks the TOOLS"
                        + " capability); offer no tools or choose another model");
            }
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode t = tools.addObject();
                t.put("name", tool.name());
                if (!tool.description().isBlank()) {
                    t.put("description", tool.description());
                }
                t.set("input_schema", Json.requestObject(providerId, "tool '" + tool.name() + "': parametersSchema",
                        tool.parametersSchema()));
            }
        }
        if (request.temperature() != null) {
            root.put("temperature", request.temperature());
        }
        root.put("stream", true);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request", e);
        }
    }

    private static ArrayNode messages(String providerId, ChatRequest request, ModelInfo model) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage message = request.messages().get(i);
            boolean assistant = message.role() == ChatRole.ASSISTANT;
            List<ObjectNode> results = new ArrayList<>();
            List<ObjectNode> others = new ArrayList<>();
            for (ContentPart part : message.content()) {
                String where = "message " + (i + 1) + " (" + message.role() + ")";
                if (part instanceof ContentPart.Text text) {
                    if (!text.text().isEmpty()) {
                        others.add(Json.MAPPER.createObjectNode().put("type", "text").put("text", text.text()));
                    }
                } else if (part instanceof ContentPart.Image image) {
                    others.add(image(providerId, where, assistant, image, model));
                } else if (part instanceof ContentPart.ToolCall call) {
                    if (!assistant) {
                        throw bad(providerId, where + " has a tool call; only assistant messages can");
                    }
                    ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", call.callId())
                            .put("name", call.toolName());
                    block.set("input", Json.requestObject(providerId, where + ": the arguments of tool call '"
                            + call.callId() + "'", call.argumentsJson()));
                    others.add(block);
                } else if (part instanceof ContentPart.ToolResult result) {
                    if (assistant) {
                        throw bad(providerId, where + " has a tool result; only user or tool messages can");
                    }
                    ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_result")
                            .put("tool_use_id", result.callId());
                    if (!result.content().isEmpty()) {
                        block.put("content", result.content());
                    }
                    block.put("is_error", result.error());
                    results.add(block);
                }
            }
            String role = assistant ? "assistant" : "user";
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role.equals(role)) {
                last.results.addAll(results);
                last.others.addAll(others);
            } else {
                turns.add(new Turn(role, results, others));
            }
        }
        ArrayNode messages = Json.MAPPER.createArrayNode();
        for (Turn turn : turns) {
            if (turn.results.isEmpty() && turn.others.isEmpty()) {
                continue;
            }
            ObjectNode m = messages.addObject();
            m.put("role", turn.role);
            ArrayNode content = m.putArray("content");
            turn.results.forEach(content::add);
            turn.others.forEach(content::add);
        }
        if (messages.isEmpty()) {
            throw bad(providerId, "the request has no message with content");
        }
        return messages;
    }

    private static ObjectNode image(String providerId, String where, boolean assistant, ContentPart.Image image,
            ModelInfo model) {
        if (!model.supports(Capability.VISION)) {
            throw bad(providerId, "model '" + model.id() + "' does not accept images (it lacks the VISION capability);"
                    + " remove the image from " + where + " or choose a model with VISION");
        }
        if (assistant) {
            throw bad(providerId, where + " has an image; only user or tool messages can");
        }
        if (!IMAGE_TYPES.contains(image.mediaType())) {
            throw bad(providerId, where + " has an image of type '" + image.mediaType()
                    + "'; the API takes image/jpeg, image/png, image/gif and image/webp");
        }
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "image");
        block.putObject("source").put("type", "base64").put("media_type", image.mediaType())
                .put("data", image.base64Data());
        return block;
    }

    private static ProviderException bad(String providerId, String message) {
        return new ProviderException(ProviderException.Kind.BAD_REQUEST, providerId, providerId + ": " + message);
    }

    /** One wire message being assembled: tool results first, then the other blocks. */
    private static final class Turn {
        final String role;
        final List<ObjectNode> results;
        final List<ObjectNode> others;

        Turn(String role, List<ObjectNode> results, List<ObjectNode> others) {
            this.role = role;
            this.results = results;
            this.others = others;
        }
    }
}
