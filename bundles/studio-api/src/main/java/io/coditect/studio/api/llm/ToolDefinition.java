package io.coditect.studio.api.llm;

import java.util.Objects;

/**
 * A tool the model may call.
 *
 * @param name             the name the model uses
 * @param description      what it does, for the model
 * @param parametersSchema JSON Schema of its arguments, as JSON text
 */
public record ToolDefinition(String name, String description, String parametersSchema) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parametersSchema = parametersSchema == null ? "{\"type\":\"object\"}" : parametersSchema;
    }
}
