package io.coditect.studio.provider.gemini.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
 * Maps a {@link ChatRequest} to the JSON body of {@code streamGenerateContent}:
 *
 * <pre>
 * {"systemInstruction": {"parts": [{"text": "…"}]},
 *  "contents": [{"role": "user"|"model", "parts": [ parts ]}],
 *  "tools": [{"functionDeclarations": [{"name": …, "description": …, "parameters": {…}}]}],
 *  "generationConfig": {"maxOutputTokens": …, "temperature": …}}
 * </pre>
 *
 * <ul>
 * <li>USER and TOOL messages become {@code user} contents, ASSISTANT messages {@code model}
 * contents; consecutive contents of one role are merged, and in a {@code user} content the
 * {@code functionResponse} parts come first (right after the model's function calls).</li>
 * <li>Text → {@code {"text"}} (empty text is left out); Image → {@code {"inlineData": {"mimeType",
 * "data"}}} (only for models with VISION, only in user/tool messages, PNG/JPEG/WebP/HEIC/HEIF);
 * ToolCall (assistant only) → {@code {"functionCall": {"id", "name", "args"}}} with the call's
 * thought signature (see {@link ThoughtSignatures}); ToolResult (user/tool only) →
 * {@code {"functionResponse": {"id", "name", "response": {"output"|"error": text}}}}, where the
 * name is the tool name of the earlier ToolCall with the same call id (Gemini matches responses to
 * calls by function name).</li>
 * <li>{@code systemInstruction} only when the system prompt is not blank; {@code temperature} only
 * when set; {@code tools} only when offered (the model needs TOOLS), each tool's parameters made
 * acceptable to Gemini by {@link GeminiSchemas}.</li>
 * </ul>
 * Anything the API would refuse for sure is refused here with BAD_REQUEST and a clear message.
 */
final class GeminiRequests {

    /** The image types the Gemini API documents for inline images. */
    static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");

    /** Function names the API accepts. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,127}");

    private GeminiRequests() {
    }

    static byte[] toJson(String providerId, ChatRequest request, ModelInfo model, ThoughtSignatures signatures) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (!request.system().isBlank()) {
            root.putObject("systemInstruction").putArray("parts").addObject().put("text", request.system());
        }
        root.set("contents", contents(providerId, request, model, signatures));
        if (!request.tools().isEmpty()) {
            if (!model.supports(Capability.TOOLS)) {
                throw bad(providerId, "model '" + model.id() + "' does not support tools (it lacks the TOOLS"
                        + " capability); offer no tools or choose another model");
            }
            ArrayNode declarations = root.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolDefinition tool : request.tools()) {
                if (!FUNCTION_NAME.matcher(tool.name()).matches()) {
                    throw bad(providerId, "tool name '" + StudioIds.printable(tool.name()) + "' is not accepted by"
                            + " Gemini: start with a letter or '_', then letters, digits, '_', '.', ':' or '-', at most"
                            + " 128 characters");
                }
                ObjectNode d = declarations.addObject();
                d.put("name", tool.name());
                if (!tool.description().isBlank()) {
                    d.put("description", tool.description());
                }
                ObjectNode schema = Json.requestObject(providerId, "tool '" + tool.name() + "': parametersSchema",
                        tool.parametersSchema());
                ObjectNode parameters = GeminiSchemas.parameters(providerId, tool.name(), schema);
                if (parameters != null) {
                    d.set("parameters", parameters);
                }
            }
        }
        ObjectNode generation = root.putObject("generationConfig");
        generation.put("maxOutputTokens", request.maxTokens());
        if (request.temperature() != null) {
            generation.put("temperature", request.temperature());
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request", e);
        }
    }

    private static ArrayNode contents(String providerId, ChatRequest request, ModelInfo model,
            ThoughtSignatures signatures) {
        List<Turn> turns = new ArrayList<>();
        List<ChatMessage> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            boolean assistant = message.role() == ChatRole.ASSISTANT;
            String where = "message " + (i + 1) + " (" + message.role() + ")";
            Turn turn = new Turn(assistant ? "model" : "user");
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text text) {
                    if (!text.text().isEmpty()) {
                        turn.others.add(Json.MAPPER.createObjectNode().put("text", text.text()));
                    }
                } else if (part instanceof ContentPart.Image image) {
                    turn.others.add(image(providerId, where, assistant, image, model));
                } else if (part instanceof ContentPart.ToolCall call) {
                    if (!assistant) {
                        throw bad(providerId, where + " has a tool call; only assistant messages can");
                    }
                    ObjectNode p = Json.MAPPER.createObjectNode();
                    ObjectNode functionCall = p.putObject("functionCall").put("id", call.callId())
                            .put("name", call.toolName());
                    functionCall.set("args", Json.requestObject(providerId, where + ": the arguments of tool call '"
                            + call.callId() + "'", call.argumentsJson()));
                    signatures.get(model.id(), call.callId()).ifPresent(s -> p.put("thoughtSignature", s));
                    turn.others.add(p);
                    turn.calls.add(p);
                } else if (part instanceof ContentPart.ToolResult result) {
                    if (assistant) {
                        throw bad(providerId, where + " has a tool result; only user or tool messages can");
                    }
                    String name = toolName(messages, i, result.callId()).orElseThrow(() -> bad(providerId, where
                            + " has the result of tool call '" + StudioIds.printable(result.callId()) + "', but no"
                            + " earlier assistant message has a tool call with that id; Gemini names function"
                            + " responses by the function's name, so the call must be part of the conversation"));
                    ObjectNode p = Json.MAPPER.createObjectNode();
                    ObjectNode response = p.putObject("functionResponse").put("id", result.callId()).put("name", name)
                            .putObject("response");
                    response.put(result.error() ? "error" : "output", result.content());
                    turn.responses.add(p);
                }
            }
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role.equals(turn.role)) {
                last.responses.addAll(turn.responses);
                last.others.addAll(turn.others);
                last.calls.addAll(turn.calls);
            } else {
                turns.add(turn);
            }
        }
        ArrayNode contents = Json.MAPPER.createArrayNode();
        for (Turn turn : turns) {
            if (turn.responses.isEmpty() && turn.others.isEmpty()) {
                continue;
            }
            // Gemini checks the signature of the first function call of each step; without the real
            // one, the documented dummy tells it to skip that check
            if (!turn.calls.isEmpty() && turn.calls.stream().noneMatch(c -> c.has("thoughtSignature"))) {
                turn.calls.get(0).put("thoughtSignature", ThoughtSignatures.UNKNOWN);
            }
            ObjectNode content = contents.addObject();
            content.put("role", turn.role);
            ArrayNode parts = content.putArray("parts");
            turn.responses.forEach(parts::add);
            turn.others.forEach(parts::add);
        }
        if (contents.isEmpty()) {
            throw bad(providerId, "the request has no message with content");
        }
        return contents;
    }

    /** The tool name of the latest tool call with {@code callId} before message {@code before}. */
    private static Optional<String> toolName(List<ChatMessage> messages, int before, String callId) {
        for (int i = before - 1; i >= 0; i--) {
            List<ContentPart> content = messages.get(i).content();
            for (int j = content.size() - 1; j >= 0; j--) {
                if (content.get(j) instanceof ContentPart.ToolCall call && call.callId().equals(callId)) {
                    return Optional.of(call.toolName());
                }
            }
        }
        return Optional.empty();
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
            throw bad(providerId, where + " has an image of type '" + StudioIds.printable(image.mediaType())
                    + "'; Gemini takes image/png, image/jpeg, image/webp, image/heic and image/heif");
        }
        ObjectNode part = Json.MAPPER.createObjectNode();
        part.putObject("inlineData").put("mimeType", image.mediaType()).put("data", image.base64Data());
        return part;
    }

    private static ProviderException bad(String providerId, String message) {
        return new ProviderException(ProviderException.Kind.BAD_REQUEST, providerId, providerId + ": " + message);
    }

    /** One wire content being assembled: function responses first, then the other parts. */
    private static final class Turn {
        final String role;
        final List<ObjectNode> responses = new ArrayList<>();
        final List<ObjectNode> others = new ArrayList<>();
        /** The functionCall parts (also in {@link #others}), for the thought signatures. */
        final List<ObjectNode> calls = new ArrayList<>();

        Turn(String role) {
            this.role = role;
        }
    }
}
