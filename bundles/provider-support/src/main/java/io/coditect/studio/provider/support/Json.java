package io.coditect.studio.provider.support;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.llm.ProviderException;

/** Jackson helpers shared by the adapters. */
public final class Json {

    /** A default mapper; thread-safe, never reconfigure it. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Parses a JSON object given by the caller of the provider (a tool's parameter schema, a tool
     * call's arguments).
     *
     * @param what names the value in the error, for example {@code tool 'read_file': parametersSchema}
     * @throws ProviderException of kind BAD_REQUEST when {@code json} is not one JSON object
     */
    public static ObjectNode requestObject(String providerId, String what, String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, providerId,
                    providerId + ": " + what + " is not valid JSON: " + Texts.printable(e.getOriginalMessage(), 200));
        }
        if (node == null || !node.isObject()) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, providerId,
                    providerId + ": " + what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Parses the JSON payload of a vendor's event.
     *
     * @throws ProviderException of kind UNAVAILABLE when it is not a JSON object (a broken stream)
     */
    public static JsonNode eventObject(String providerId, SseEvent event) {
        try {
            JsonNode node = MAPPER.readTree(event.data());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, providerId, providerId
                    + ": the vendor sent a malformed '" + Texts.printable(event.event(), 60) + "' event: "
                    + Texts.printable(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage(), 200), null, e);
        }
        throw new ProviderException(ProviderException.Kind.UNAVAILABLE, providerId, providerId
                + ": the vendor sent a '" + Texts.printable(event.event(), 60) + "' event that is not a JSON object");
    }

    /** The text of a field, or {@code fallback} when it is missing, null or not a scalar. */
    public static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : fallback;
    }
}
