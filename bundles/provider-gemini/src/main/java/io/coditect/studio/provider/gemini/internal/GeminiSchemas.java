package io.coditect.studio.provider.gemini.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.provider.support.Json;

/**
 * Turns a tool's JSON Schema into the {@code parameters} of a Gemini function declaration.
 *
 * <p>Gemini's {@code Schema} is a subset of the OpenAPI 3.0 schema object; keywords outside it make
 * the API answer 400, so a perfectly valid JSON Schema would be refused. This class keeps what
 * Gemini knows and maps or drops the rest, loosening the schema where it must (the model is then
 * told less, never wrongly refused):
 * <ul>
 * <li>kept: {@code type, format (see below), title, description, nullable, enum, properties,
 * required, items, anyOf, minItems, maxItems, minLength, maxLength, minProperties,
 * maxProperties, minimum, maximum, pattern, example, default, propertyOrdering};</li>
 * <li>{@code $ref} into the schema itself ({@code #/$defs/…}, {@code #/definitions/…}) is inlined;
 * a recursive reference is cut to {@code {"type":"object"}}; {@code allOf} is merged;
 * {@code oneOf} becomes {@code anyOf}; a one-element {@code anyOf} is inlined;</li>
 * <li>{@code "type": ["string", "null"]}, a {@code null} alternative in {@code anyOf}/{@code oneOf}
 * or a {@code null} in {@code enum} become {@code nullable: true}; several types become an
 * {@code anyOf};</li>
 * <li>{@code const} becomes a one-value {@code enum}; {@code enum} and {@code const} values that
 * are not strings go into the description instead (Gemini's enums are strings);</li>
 * <li>{@code format} stays only where Gemini supports it ({@code enum}, {@code date-time} for
 * strings; {@code float}, {@code double}; {@code int32}, {@code int64});</li>
 * <li>{@code exclusiveMinimum}/{@code exclusiveMaximum} (numbers) become {@code minimum}/
 * {@code maximum} when those are absent; the first of {@code examples} becomes {@code example};</li>
 * <li>{@code required} keeps only names of declared properties; empty {@code properties} and
 * {@code required} are left out; an array without {@code items} gets string items;</li>
 * <li>dropped: {@code $schema, $id, $defs, definitions, $comment, additionalProperties,
 * patternProperties, unevaluatedProperties, not, if/then/else, dependentRequired,
 * dependentSchemas, uniqueItems, multipleOf, contains, prefixItems, readOnly, writeOnly,
 * deprecated, contentEncoding, contentMediaType} and anything else unknown.</li>
 * </ul>
 * A function without properties is declared without {@code parameters} (Gemini refuses an object
 * with empty properties).
 */
final class GeminiSchemas {

    /** Keywords Gemini's Schema has, copied as they are. */
    private static final List<String> COPIED = List.of("title", "description", "minItems", "maxItems", "minLength",
            "maxLength", "minProperties", "maxProperties", "minimum", "maximum", "pattern", "example", "default",
            "propertyOrdering");

    private static final Map<String, Set<String>> FORMATS = Map.of(
            "string", Set.of("enum", "date-time"),
            "number", Set.of("float", "double"),
            "integer", Set.of("int32", "int64"));

    private static final int MAX_DEPTH = 64;

    private final String providerId;
    private final String toolName;
    private final JsonNode root;

    private GeminiSchemas(String providerId, String toolName, JsonNode root) {
        this.providerId = providerId;
        this.toolName = toolName;
        this.root = root;
    }

    /**
     * The {@code parameters} of the function declaration for {@code schema}, or null when the
     * function takes no parameters.
     *
     * @throws ProviderException BAD_REQUEST when the schema cannot describe function arguments (not
     *                           an object, a {@code $ref} that leads nowhere, nested too deep)
     */
    static ObjectNode parameters(String providerId, String toolName, ObjectNode schema) {
        GeminiSchemas schemas = new GeminiSchemas(providerId, toolName, schema);
        ObjectNode converted = schemas.convert(schema, 0, new ArrayDeque<>());
        String type = Json.text(converted, "type", "");
        if (!type.isEmpty() && !type.equalsIgnoreCase("object") || converted.has("anyOf")) {
            throw schemas.bad("parametersSchema must describe one object (\"type\": \"object\" with properties),"
                    + " which is what Gemini takes as function parameters");
        }
        tidy(converted);
        if (!converted.has("properties")) {
            return null;
        }
        ObjectNode parameters = Json.MAPPER.createObjectNode().put("type", type.isEmpty() ? "object" : type);
        converted.remove("type");
        parameters.setAll(converted);
        return parameters;
    }

    private ObjectNode convert(JsonNode node, int depth, Deque<String> refs) {
        if (depth > MAX_DEPTH) {
            throw bad("parametersSchema is nested deeper than " + MAX_DEPTH + " levels");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (!node.isObject()) {
            return out; // true (or any non-object): anything goes
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            return reference(ref.asText(), (ObjectNode) node, depth, refs);
        }
        List<String> notes = new ArrayList<>();
        boolean nullable = node.path("nullable").asBoolean(false);

        List<String> types = new ArrayList<>();
        JsonNode type = node.get("type");
        if (type != null && type.isTextual()) {
            types.add(type.asText());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> {
                if (t.isTextual() && !types.contains(t.asText())) {
                    types.add(t.asText());
                }
            });
        }
        if (types.size() > 1 && types.remove("null")) {
            nullable = true;
        }
        if (types.size() == 1) {
            out.put("type", types.get(0));
        } else if (types.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            types.forEach(t -> anyOf.addObject().put("type", t));
        }
        String declared = types.size() == 1 ? types.get(0) : "";

        for (String keyword : COPIED) {
            JsonNode v = node.get(keyword);
            if (v != null && !v.isNull() && (!keyword.equals("description") && !keyword.equals("title") || v.isTextual())) {
                out.set(keyword, v.deepCopy());
            }
        }
        if (!out.has("example") && node.path("examples").isArray() && node.path("examples").size() > 0) {
            out.set("example", node.path("examples").get(0).deepCopy());
        }
        if (!out.has("minimum") && node.path("exclusiveMinimum").isNumber()) {
            out.set("minimum", node.get("exclusiveMinimum").deepCopy());
        }
        if (!out.has("maximum") && node.path("exclusiveMaximum").isNumber()) {
            out.set("maximum", node.get("exclusiveMaximum").deepCopy());
        }
        JsonNode format = node.get("format");
        if (format != null && format.isTextual() && FORMATS.getOrDefault(declared.toLowerCase(java.util.Locale.ROOT),
                Set.of()).contains(format.asText())) {
            out.put("format", format.asText());
        }

        List<JsonNode> values = new ArrayList<>();
        if (node.path("enum").isArray()) {
            node.get("enum").forEach(values::add);
        } else if (node.has("const")) {
            values.add(node.get("const"));
        }
        if (!values.isEmpty()) {
            if (values.removeIf(JsonNode::isNull)) {
                nullable = true;
            }
            if (values.stream().allMatch(JsonNode::isTextual) && !values.isEmpty()) {
                ArrayNode e = out.putArray("enum");
                values.forEach(v -> e.add(v.asText()));
                if (declared.isEmpty()) {
                    out.put("type", "string");
                }
            } else if (!values.isEmpty()) {
                notes.add("Allowed values: " + values.stream().map(JsonNode::toString).collect(Collectors.joining(", "))
                        + ".");
            }
        }

        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject()) {
            ObjectNode props = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> p = it.next();
                props.set(p.getKey(), convert(p.getValue(), depth + 1, refs));
            }
            if (!props.isEmpty()) {
                out.set("properties", props);
            }
        }
        JsonNode required = node.get("required");
        if (required != null && required.isArray()) {
            // filtered against the properties by tidy(), once allOf and $ref are merged
            Set<String> names = new LinkedHashSet<>();
            required.forEach(r -> {
                if (r.isTextual()) {
                    names.add(r.asText());
                }
            });
            if (!names.isEmpty()) {
                ArrayNode r = out.putArray("required");
                names.forEach(r::add);
            }
        }

        JsonNode items = node.get("items");
        if (items != null && items.isObject()) {
            out.set("items", convert(items, depth + 1, refs));
        } else if (items != null && items.isArray() || node.path("prefixItems").isArray()) {
            List<ObjectNode> tuple = new ArrayList<>();
            (items != null && items.isArray() ? items : node.get("prefixItems"))
                    .forEach(i -> tuple.add(convert(i, depth + 1, refs)));
            ObjectNode merged = alternatives(tuple, new boolean[1]);
            if (merged != null) {
                out.set("items", merged);
            }
        }

        List<ObjectNode> alternatives = new ArrayList<>();
        for (String keyword : List.of("anyOf", "oneOf")) {
            if (node.path(keyword).isArray()) {
                node.get(keyword).forEach(a -> alternatives.add(convert(a, depth + 1, refs)));
            }
        }
        boolean[] nullAlternative = { false };
        ObjectNode alternative = alternatives(alternatives, nullAlternative);
        nullable |= nullAlternative[0];
        if (alternative != null) {
            if (alternative.has("anyOf") && alternative.size() == 1 && !out.has("anyOf")) {
                out.set("anyOf", alternative.get("anyOf"));
            } else {
                merge(out, alternative);
            }
        }
        if (node.path("allOf").isArray()) {
            for (JsonNode part : node.get("allOf")) {
                merge(out, convert(part, depth + 1, refs));
            }
        }

        if (!out.has("type") && out.has("properties")) {
            out.put("type", "object");
        }
        if ("array".equalsIgnoreCase(Json.text(out, "type", "")) && !out.has("items")) {
            out.putObject("items").put("type", "string");
        }
        if (nullable) {
            out.put("nullable", true);
        }
        if (!notes.isEmpty()) {
            String description = Json.text(out, "description", "");
            out.put("description", (description.isEmpty() ? "" : description + " ") + String.join(" ", notes));
        }
        return out;
    }

    /**
     * One schema for several alternatives: null when there are none (or only {@code null}, which
     * sets {@code nullable[0]}), the alternative itself when there is one, else {@code {"anyOf": […]}}.
     */
    private static ObjectNode alternatives(List<ObjectNode> alternatives, boolean[] nullable) {
        List<ObjectNode> left = new ArrayList<>();
        for (ObjectNode a : alternatives) {
            if (a.size() == 1 && "null".equals(Json.text(a, "type", ""))) {
                nullable[0] = true;
            } else {
                left.add(a);
            }
        }
        if (left.isEmpty()) {
            return null;
        }
        if (left.size() == 1) {
            return left.get(0);
        }
        ObjectNode anyOf = Json.MAPPER.createObjectNode();
        ArrayNode array = anyOf.putArray("anyOf");
        left.forEach(array::add);
        return anyOf;
    }

    private ObjectNode reference(String ref, ObjectNode node, int depth, Deque<String> refs) {
        ObjectNode siblings = node.deepCopy();
        siblings.remove("$ref");
        ObjectNode resolved;
        if (refs.contains(ref)) {
            resolved = Json.MAPPER.createObjectNode().put("type", "object"); // recursion cut here
        } else {
            if (!ref.startsWith("#")) {
                throw bad("parametersSchema has a $ref '" + ref + "' outside the schema; Gemini needs a self-contained"
                        + " schema (put the definitions under $defs)");
            }
            JsonNode target;
            try {
                target = root.at(ref.substring(1));
            } catch (IllegalArgumentException e) {
                target = null;
            }
            if (target == null || target.isMissingNode()) {
                throw bad("parametersSchema has a $ref '" + ref + "' that points to nothing in the schema");
            }
            refs.push(ref);
            try {
                resolved = convert(target, depth + 1, refs);
            } finally {
                refs.pop();
            }
        }
        if (!siblings.isEmpty()) {
            ObjectNode local = convert(siblings, depth + 1, refs);
            local.fields().forEachRemaining(f -> resolved.set(f.getKey(), f.getValue()));
        }
        return resolved;
    }

    /** Keeps in each {@code required} only declared properties, and drops it when empty. */
    private static void tidy(JsonNode node) {
        if (!node.isObject()) {
            return;
        }
        ObjectNode schema = (ObjectNode) node;
        JsonNode properties = schema.path("properties");
        JsonNode required = schema.get("required");
        if (required != null) {
            Set<String> names = new LinkedHashSet<>();
            required.forEach(r -> {
                if (properties.has(r.asText())) {
                    names.add(r.asText());
                }
            });
            if (names.isEmpty()) {
                schema.remove("required");
            } else {
                ArrayNode r = schema.putArray("required");
                names.forEach(r::add);
            }
        }
        properties.forEach(GeminiSchemas::tidy);
        tidy(schema.path("items"));
        schema.path("anyOf").forEach(GeminiSchemas::tidy);
    }

    /** Adds what {@code source} says and {@code target} does not; properties and required are joined. */
    private static void merge(ObjectNode target, ObjectNode source) {
        source.fields().forEachRemaining(f -> {
            JsonNode existing = target.get(f.getKey());
            if (existing == null) {
                target.set(f.getKey(), f.getValue().deepCopy());
            } else if (f.getKey().equals("properties") && existing.isObject() && f.getValue().isObject()) {
                f.getValue().fields().forEachRemaining(p -> {
                    if (!existing.has(p.getKey())) {
                        ((ObjectNode) existing).set(p.getKey(), p.getValue().deepCopy());
                    }
                });
            } else if (f.getKey().equals("required") && existing.isArray() && f.getValue().isArray()) {
                Set<String> names = new LinkedHashSet<>();
                existing.forEach(n -> names.add(n.asText()));
                f.getValue().forEach(n -> names.add(n.asText()));
                ArrayNode joined = target.putArray("required");
                names.forEach(joined::add);
            }
        });
    }

    private ProviderException bad(String message) {
        return new ProviderException(ProviderException.Kind.BAD_REQUEST, providerId, providerId + ": tool '" + toolName
                + "': " + message);
    }
}
