package io.coditect.studio.provider.gemini.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.provider.support.Json;
import org.junit.Test;

/** JSON Schema → Gemini's OpenAPI-subset schema. */
public class GeminiSchemasTest {

    private static JsonNode parameters(String schema) {
        return GeminiSchemas.parameters("g", "t", (ObjectNode) json(schema));
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertConverts(String expected, String schema) {
        assertEquals(json(expected), parameters(schema));
    }

    @Test
    public void aSchemaGeminiAcceptsStaysAsItIs() {
        String schema = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"File\","
                + "\"minLength\":1,\"maxLength\":4096,\"pattern\":\"^[^\\\\u0000]+$\"},\"lines\":{\"type\":\"array\","
                + "\"items\":{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":1},\"minItems\":1,\"maxItems\":2},"
                + "\"mode\":{\"type\":\"string\",\"enum\":[\"read\",\"write\"],\"default\":\"read\"}},"
                + "\"required\":[\"path\"],\"propertyOrdering\":[\"path\",\"lines\",\"mode\"]}";
        assertConverts(schema, schema);
    }

    @Test
    public void noPropertiesMeansNoParameters() {
        assertNull(parameters("{\"type\":\"object\"}"));
        assertNull(parameters("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"));
        assertNull(parameters("{}"));
    }

    @Test
    public void unsupportedKeywordsAreDropped() {
        assertConverts("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"n\":{\"type\":\"number\"}}}",
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"$id\":\"urn:x\",\"$comment\":\"c\","
                        + "\"type\":\"object\",\"additionalProperties\":false,\"patternProperties\":{\"^x\":{}},"
                        + "\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"email\",\"contentEncoding\":\"base64\","
                        + "\"readOnly\":true,\"not\":{\"const\":\"\"}},\"n\":{\"type\":\"number\",\"multipleOf\":2,"
                        + "\"format\":\"decimal\"}},\"dependentRequired\":{\"a\":[\"n\"]},\"if\":{},\"then\":{}}");
    }

    @Test
    public void nullableTypesEnumsAndAlternatives() {
        assertConverts("{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":\"string\",\"nullable\":true},"
                + "\"b\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]},"
                + "\"c\":{\"type\":\"integer\",\"nullable\":true},"
                + "\"d\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"boolean\"}}}]},"
                + "\"e\":{\"type\":\"string\",\"enum\":[\"on\"]},"
                + "\"f\":{\"type\":\"integer\",\"description\":\"Level. Allowed values: 1, 2, 3.\"},"
                + "\"g\":{\"type\":\"string\",\"enum\":[\"x\",\"y\"],\"nullable\":true}}}",
                "{\"type\":\"object\",\"properties\":{"
                        + "\"a\":{\"type\":[\"string\",\"null\"]},"
                        + "\"b\":{\"type\":[\"string\",\"integer\"]},"
                        + "\"c\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}]},"
                        + "\"d\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"boolean\"}}}]},"
                        + "\"e\":{\"const\":\"on\"},"
                        + "\"f\":{\"type\":\"integer\",\"description\":\"Level.\",\"enum\":[1,2,3]},"
                        + "\"g\":{\"enum\":[\"x\",\"y\",null]}}}");
    }

    @Test
    public void referencesAreInlinedAndRecursionIsCut() {
        assertConverts("{\"type\":\"object\",\"properties\":{"
                + "\"home\":{\"type\":\"object\",\"description\":\"Home address\",\"properties\":{\"street\":{\"type\":\"string\"}},"
                + "\"required\":[\"street\"]},"
                + "\"tree\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"children\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}}}",
                "{\"type\":\"object\",\"properties\":{"
                        + "\"home\":{\"$ref\":\"#/definitions/address\",\"description\":\"Home address\"},"
                        + "\"tree\":{\"$ref\":\"#/$defs/node\"}},"
                        + "\"definitions\":{\"address\":{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"}},"
                        + "\"required\":[\"street\"],\"additionalProperties\":false}},"
                        + "\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                        + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}}}}}}");
    }

    @Test
    public void allOfIsMergedAndRequiredKeepsOnlyDeclaredProperties() {
        assertConverts("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"number\","
                + "\"minimum\":0,\"maximum\":10}},\"required\":[\"a\",\"b\"]}",
                "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\",\"zz\"]},"
                        + "{\"properties\":{\"b\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":10}},"
                        + "\"required\":[\"b\"]}]}");
    }

    @Test
    public void arraysGetItemsAndTuplesBecomeAlternatives() {
        assertConverts("{\"type\":\"object\",\"properties\":{\"any\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                + "\"pair\":{\"type\":\"array\",\"items\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}},"
                + "\"ex\":{\"type\":\"string\",\"example\":\"a\"}}}",
                "{\"type\":\"object\",\"properties\":{\"any\":{\"type\":\"array\",\"uniqueItems\":true},"
                        + "\"pair\":{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]},"
                        + "\"ex\":{\"type\":\"string\",\"examples\":[\"a\",\"b\"]}}}");
    }

    @Test
    public void schemasThatCannotBeParametersAreRefused() {
        ProviderException e = assertThrows(ProviderException.class, () -> parameters("{\"type\":\"array\"}"));
        assertEquals(ProviderException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("g: tool 't': parametersSchema must describe one object"));
        e = assertThrows(ProviderException.class, () -> parameters("{\"type\":\"object\",\"properties\":{\"a\":"
                + "{\"$ref\":\"https://example.com/a.json\"}}}"));
        assertTrue(e.getMessage(), e.getMessage().contains("outside the schema"));
    }
}
