package io.coditect.studio.provider.support;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The type and message of a vendor's JSON error, read leniently from the common shapes:
 *
 * <pre>
 * {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}        Anthropic
 * {"error":{"message":"…","type":"invalid_request_error","code":"…"}}                OpenAI, Kimi
 * {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}                 Gemini
 * {"error":"…"}, {"message":"…"}, {"detail":"…"}                                     others
 * </pre>
 *
 * A body that is not JSON gives its first line as the message. Both parts are cleaned for messages
 * (control characters escaped, length limited) and may be empty.
 *
 * @param type    the vendor's error type or status ({@code overloaded_error}, {@code RESOURCE_EXHAUSTED}), or empty
 * @param message the vendor's message, or empty
 */
public record VendorError(String type, String message) {

    static final int MAX_MESSAGE = 500;

    public VendorError {
        type = type == null ? "" : Texts.printable(type.strip(), 100);
        message = message == null ? "" : Texts.printable(message.strip(), MAX_MESSAGE);
    }

    public static VendorError parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new VendorError("", "");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                return of(node);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: fall through
        }
        String firstLine = text.strip().lines().findFirst().orElse("");
        return new VendorError("", firstLine);
    }

    /** Reads an already parsed error object (for example the payload of an SSE {@code error} event). */
    public static VendorError of(JsonNode node) {
        JsonNode error = node.path("error");
        if (error.isObject()) {
            return new VendorError(firstText(error, "type", "status", "code"), firstText(error, "message", "detail"));
        }
        if (error.isTextual()) {
            return new VendorError(firstText(node, "type", "code"), error.asText());
        }
        String type = firstText(node, "type", "code", "status");
        return new VendorError("error".equals(type) ? "" : type, firstText(node, "message", "detail", "title"));
    }

    /** True when the type or message says the vendor is overloaded. */
    public boolean overloaded() {
        return type.toLowerCase(java.util.Locale.ROOT).contains("overloaded")
                || message.toLowerCase(java.util.Locale.ROOT).contains("overloaded");
    }

    /** {@code type: message}, {@code type}, {@code message} or empty. */
    public String describe() {
        if (type.isEmpty()) {
            return message;
        }
        return message.isEmpty() ? type : type + ": " + message;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && (v.isTextual() || v.isNumber()) && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return "";
    }
}
