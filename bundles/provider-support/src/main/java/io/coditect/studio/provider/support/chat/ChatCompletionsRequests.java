package io.coditect.studio.provider.support.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
 * Maps a {@link ChatRequest} to the JSON body of {@code POST {baseUrl}/chat/completions}:
 *
 * <pre>
 * {"model": …,
 *  "messages": [{"role": "system", "content": "…"},
 *               {"role": "user", "content": "…" | [{"type": "text", …}, {"type": "image_url", "image_url": {"url": "data:…"}}]},
 *               {"role": "assistant", "content": "…", "tool_calls": [{"id", "type": "function", "function": {"name", "arguments"}}]},
 *               {"role": "tool", "tool_call_id": …, "content": "…"}],
 *  "tools": [{"type": "function", "function": {"name", "description", "parameters": {…}}}],
 *  "max_tokens": …, "temperature": …, "stream": true, "stream_options": {"include_usage": true}}
 * </pre>
 *
 * <ul>
 * <li>{@code system} (when not blank) becomes the first message.</li>
 * <li>USER and TOOL messages: each {@code ToolResult} becomes a {@code tool} message with
 * {@code tool_call_id} (content is its text, prefixed with {@value #ERROR_PREFIX} when it reports
 * an error, since the wire has no error flag); the text and images that remain become one
 * {@code user} message after them. Text only → {@code content} is a string; with images it is an
 * array of {@code text} and {@code image_url} parts, the image as a {@code data:} URL (only for
 * models with VISION). A tool call in such a message is refused.</li>
 * <li>ASSISTANT messages: the text as {@code content} (left out when empty and there are tool
 * calls), each {@code ToolCall} as a {@code tool_calls} entry whose {@code arguments} is the JSON
 * text as given (checked to be one JSON object). Images and tool results are refused.</li>
 * <li>{@code tools} only when offered (the model needs TOOLS), each with its JSON Schema as
 * {@code parameters}.</li>
 * <li>The max-tokens field name, the temperature, usage in the stream and any last adjustments come
 * from the {@link ChatCompletionsDialect}.</li>
 * </ul>
 * Anything the API would refuse for sure is refused here with BAD_REQUEST and a clear message.
 */
public final class ChatCompletionsRequests {

    /** Put before the content of a tool result that reports an error. */
    public static final String ERROR_PREFIX = "Error: ";

    private ChatCompletionsRequests() {
    }

    /**
     * @throws ProviderException of kind BAD_REQUEST for a request the model cannot take
     */
    public static byte[] toJson(String providerId, ChatRequest request, ModelInfo model, ChatCompletionsDialect dialect) {
        try {
            return Json.MAPPER.writeValueAsBytes(toTree(providerId, request, model, dialect));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request", e);
        }
    }

    /** The body as a tree (see the class comment). */
    public static ObjectNode toTree(String providerId, ChatRequest request, ModelInfo model,
            ChatCompletionsDialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", request.model());
        root.set("messages", messages(providerId, request, model, dialect));
        if (!request.tools().isEmpty()) {
            if (!model.supports(Capability.TOOLS)) {
                throw bad(providerId, "model '" + model.id() + "' does not support tools (it lacks the TOOLS"
                        + " capability); offer no tools or choose another model");
            }
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                if (!tool.description().isBlank()) {
                    function.put("description", tool.description());
                }
                function.set("parameters", Json.requestObject(providerId, "tool '" + tool.name()
                        + "': parametersSchema", tool.parametersSchema()));
            }
        }
        root.put(dialect.maxTokensField(model), request.maxTokens());
        Double temperature = dialect.temperature(model, request.temperature());
        if (temperature != null) {
            root.put("temperature", temperature);
        }
        root.put("stream", true);
        if (dialect.requestUsage()) {
            root.putObject("stream_options").put("include_usage", true);
        }
        dialect.customizeRequest(root, request, model);
        return root;
    }

    private static ArrayNode messages(String providerId, ChatRequest request, ModelInfo model,
            ChatCompletionsDialect dialect) {
        ArrayNode messages = Json.MAPPER.createArrayNode();
        if (!request.system().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        int conversation = 0;
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage message = request.messages().get(i);
            String where = "message " + (i + 1) + " (" + message.role() + ")";
            int before = messages.size();
            if (message.role() == ChatRole.ASSISTANT) {
                assistant(providerId, where, message, model, dialect, messages);
            } else {
                userOrTool(providerId, where, message, model, messages);
            }
            conversation += messages.size() - before;
        }
        if (conversation == 0) {
            throw bad(providerId, "the request has no message with content");
        }
        return messages;
    }

    private static void assistant(String providerId, String where, ChatMessage message, ModelInfo model,
            ChatCompletionsDialect dialect, ArrayNode messages) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text t) {
                text.append(t.text());
            } else if (part instanceof ContentPart.ToolCall call) {
                Json.requestObject(providerId, where + ": the arguments of tool call '" + call.callId() + "'",
                        call.argumentsJson());
                ObjectNode c = calls.addObject().put("id", call.callId()).put("type", "function");
                c.putObject("function").put("name", call.toolName()).put("arguments", call.argumentsJson());
            } else if (part instanceof ContentPart.Image) {
                throw bad(providerId, where + " has an image; only user or tool messages can");
            } else if (part instanceof ContentPart.ToolResult) {
                throw bad(providerId, where + " has a tool result; only user or tool messages can");
            }
        }
        if (text.length() == 0 && calls.isEmpty()) {
            return;
        }
        ObjectNode m = messages.addObject().put("role", "assistant");
        if (text.length() > 0 || calls.isEmpty()) {
            m.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            m.set("tool_calls", calls);
        }
        dialect.customizeAssistantMessage(m, message, model);
    }

    private static void userOrTool(String providerId, String where, ChatMessage message, ModelInfo model,
            ArrayNode messages) {
        List<ObjectNode> parts = new ArrayList<>();
        boolean images = false;
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.ToolResult result) {
                String content = result.error() ? ERROR_PREFIX + result.content() : result.content();
                messages.addObject().put("role", "tool").put("tool_call_id", result.callId()).put("content", content);
            } else if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    parts.add(Json.MAPPER.createObjectNode().put("type", "text").put("text", t.text()));
                }
            } else if (part instanceof ContentPart.Image image) {
                parts.add(image(providerId, where, image, model));
                images = true;
            } else if (part instanceof ContentPart.ToolCall) {
                throw bad(providerId, where + " has a tool call; only assistant messages can");
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode m = messages.addObject().put("role", "user");
        if (images) {
            ArrayNode content = m.putArray("content");
            parts.forEach(content::add);
        } else {
            StringBuilder text = new StringBuilder();
            parts.forEach(p -> text.append(p.get("text").asText()));
            m.put("content", text.toString());
        }
    }

    private static ObjectNode image(String providerId, String where, ContentPart.Image image, ModelInfo model) {
        if (!model.supports(Capability.VISION)) {
            throw bad(providerId, "model '" + model.id() + "' does not accept images (it lacks the VISION capability);"
                    + " remove the image from " + where + " or choose a model with VISION");
        }
        String type = image.mediaType().strip().toLowerCase(Locale.ROOT);
        if (!type.startsWith("image/") || type.length() == "image/".length()
                || type.chars().anyMatch(c -> c <= ' ' || c == ';' || c == ',')) {
            throw bad(providerId, where + " has an image of type '" + StudioIds.printable(image.mediaType())
                    + "'; expected a media type such as image/png or image/jpeg");
        }
        String data = image.base64Data().strip();
        if (data.isEmpty()) {
            throw bad(providerId, where + " has an image without data");
        }
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "image_url");
        part.putObject("image_url").put("url", "data:" + type + ";base64," + data);
        return part;
    }

    private static ProviderException bad(String providerId, String message) {
        return new ProviderException(ProviderException.Kind.BAD_REQUEST, providerId, providerId + ": " + message);
    }
}
