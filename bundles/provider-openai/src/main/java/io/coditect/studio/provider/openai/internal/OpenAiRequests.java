package io.coditect.studio.provider.openai.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.StudioIds;
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
 * Maps a {@link ChatRequest} to the JSON body of {@code POST /v1/responses}:
 *
 * <pre>
 * {"model": …, "instructions": "…", "max_output_tokens": …, "temperature": …,
 *  "input": [ items ], "tools": [{"type": "function", "name": …, "description": …,
 *  "parameters": {…}, "strict": false}], "store": false, "stream": true}
 * </pre>
 *
 * Input items, in the order of the conversation:
 * <ul>
 * <li>USER and TOOL messages: first a {@code function_call_output} item ({@code call_id},
 * {@code output}) per tool result, then one {@code message} item with role {@code user} whose
 * content holds the text ({@code input_text}) and images ({@code input_image} with a base64
 * {@code data:} URL and {@code detail: auto}; only for models with VISION; PNG, JPEG, WebP or GIF)
 * in their order. A tool result marked as error gets the prefix {@code "Error: "} (the API has no
 * error flag for function output).</li>
 * <li>ASSISTANT messages: one {@code message} item with role {@code assistant} and
 * {@code output_text} content for the text, then a {@code function_call} item ({@code call_id},
 * {@code name}, {@code arguments} as the JSON text) per tool call.</li>
 * </ul>
 * Empty text is left out and messages without content produce no item. {@code instructions} only
 * when the system prompt is not blank, {@code tools} only when offered (the model needs TOOLS; each
 * tool's {@code parameters} is its JSON Schema, sent with {@code strict: false} since the
 * Responses API would otherwise require a strict-mode schema), {@code temperature} only when set
 * and the model is configured to take it ({@link OpenAiOptions#acceptsTemperature}). Nothing is
 * stored at OpenAI ({@code store: false}); the conversation travels whole with each request.
 *
 * <p>Anything the API would refuse for sure is refused here with BAD_REQUEST and a clear message.
 */
final class OpenAiRequests {

    static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");

    private OpenAiRequests() {
    }

    static byte[] toJson(String providerId, ChatRequest request, ModelInfo model, OpenAiOptions options) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", request.model());
        if (!request.system().isBlank()) {
            root.put("instructions", request.system());
        }
        root.set("input", input(providerId, request, model));
        if (!request.tools().isEmpty()) {
            if (!model.supports(Capability.TOOLS)) {
                throw bad(providerId, "model '" + model.id() + "' does not support tools (it lacks the TOOLS"
                        + " capability); offer no tools or choose another model");
            }
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode t = tools.addObject();
                t.put("type", "function");
                t.put("name", tool.name());
                if (!tool.description().isBlank()) {
                    t.put("description", tool.description());
                }
                t.set("parameters", Json.requestObject(providerId, "tool '" + tool.name() + "': parametersSchema",
                        tool.parametersSchema()));
                t.put("strict", false);
            }
        }
        root.put("max_output_tokens", request.maxTokens());
        if (request.temperature() != null && options.acceptsTemperature(model.id())) {
            root.put("temperature", request.temperature());
        }
        root.put("store", false);
        root.put("stream", true);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request", e);
        }
    }

    /** Whether a requested temperature is dropped for this request (for a debug line). */
    static boolean dropsTemperature(ChatRequest request, ModelInfo model, OpenAiOptions options) {
        return request.temperature() != null && !options.acceptsTemperature(model.id());
    }

    private static ArrayNode input(String providerId, ChatRequest request, ModelInfo model) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage message = request.messages().get(i);
            String where = "message " + (i + 1) + " (" + message.role() + ")";
            if (message.role() == ChatRole.ASSISTANT) {
                assistant(providerId, where, message, items);
            } else {
                user(providerId, where, message, model, items);
            }
        }
        if (items.isEmpty()) {
            throw bad(providerId, "the request has no message with content");
        }
        return items;
    }

    private static void user(String providerId, String where, ChatMessage message, ModelInfo model, ArrayNode items) {
        List<ObjectNode> content = new ArrayList<>();
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text text) {
                if (!text.text().isEmpty()) {
                    content.add(Json.MAPPER.createObjectNode().put("type", "input_text").put("text", text.text()));
                }
            } else if (part instanceof ContentPart.Image image) {
                content.add(image(providerId, where, image, model));
            } else if (part instanceof ContentPart.ToolResult result) {
                items.addObject().put("type", "function_call_output").put("call_id", result.callId())
                        .put("output", output(result));
            } else if (part instanceof ContentPart.ToolCall) {
                throw bad(providerId, where + " has a tool call; only assistant messages can");
            }
        }
        if (!content.isEmpty()) {
            ObjectNode m = items.addObject().put("type", "message").put("role", "user");
            m.putArray("content").addAll(content);
        }
    }

    private static void assistant(String providerId, String where, ChatMessage message, ArrayNode items) {
        List<ObjectNode> content = new ArrayList<>();
        List<ObjectNode> calls = new ArrayList<>();
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text text) {
                if (!text.text().isEmpty()) {
                    content.add(Json.MAPPER.createObjectNode().put("type", "output_text").put("text", text.text()));
                }
            } else if (part instanceof ContentPart.ToolCall call) {
                // the arguments go as JSON text; checked here so a broken history fails before sending
                Json.requestObject(providerId, where + ": the arguments of tool call '" + call.callId() + "'",
                        call.argumentsJson());
                calls.add(Json.MAPPER.createObjectNode().put("type", "function_call").put("call_id", call.callId())
                        .put("name", call.toolName()).put("arguments", call.argumentsJson()));
            } else if (part instanceof ContentPart.ToolResult) {
                throw bad(providerId, where + " has a tool result; only user or tool messages can");
            } else if (part instanceof ContentPart.Image) {
                throw bad(providerId, where + " has an image; only user or tool messages can");
            }
        }
        if (!content.isEmpty()) {
            ObjectNode m = items.addObject().put("type", "message").put("role", "assistant");
            m.putArray("content").addAll(content);
        }
        calls.forEach(items::add);
    }

    private static String output(ContentPart.ToolResult result) {
        if (!result.error()) {
            return result.content();
        }
        if (result.content().isBlank()) {
            return "Error";
        }
        return result.content().toLowerCase(Locale.ROOT).startsWith("error") ? result.content()
                : "Error: " + result.content();
    }

    private static ObjectNode image(String providerId, String where, ContentPart.Image image, ModelInfo model) {
        if (!model.supports(Capability.VISION)) {
            throw bad(providerId, "model '" + model.id() + "' does not accept images (it lacks the VISION capability);"
                    + " remove the image from " + where + " or choose a model with VISION");
        }
        if (!IMAGE_TYPES.contains(image.mediaType())) {
            throw bad(providerId, where + " has an image of type '" + StudioIds.printable(image.mediaType())
                    + "'; the API takes image/png, image/jpeg, image/webp and image/gif");
        }
        return Json.MAPPER.createObjectNode().put("type", "input_image")
                .put("image_url", "data:" + image.mediaType() + ";base64," + image.base64Data()).put("detail", "auto");
    }

    private static ProviderException bad(String providerId, String message) {
        return new ProviderException(ProviderException.Kind.BAD_REQUEST, providerId, providerId + ": " + message);
    }
}
