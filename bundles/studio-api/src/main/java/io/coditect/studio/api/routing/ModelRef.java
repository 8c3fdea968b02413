package io.coditect.studio.api.routing;

import java.util.Objects;

/**
 * Names a provider instance and, optionally, one of its models; written {@code provider/model}
 * or just {@code provider}.
 *
 * @param providerId the provider's plugin id ({@code studio.plugin.id}); not blank
 * @param modelId    the model id, or null for "any model of this provider"
 */
public record ModelRef(String providerId, String modelId) {

    public ModelRef {
        Objects.requireNonNull(providerId, "providerId");
        if (providerId.isBlank()) {
            throw new IllegalArgumentException("providerId must not be blank");
        }
        modelId = modelId == null || modelId.isBlank() ? null : modelId;
    }

    public static ModelRef of(String providerId, String modelId) {
        return new ModelRef(providerId, modelId);
    }

    /** Any model of {@code providerId}. */
    public static ModelRef provider(String providerId) {
        return new ModelRef(providerId, null);
    }

    /**
     * Reads {@code provider} or {@code provider/model}; the model is everything after the first
     * {@code /}, since model ids may contain one and plugin ids never do.
     */
    public static ModelRef parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        return slash < 0 ? new ModelRef(text.strip(), null)
                : new ModelRef(text.substring(0, slash).strip(), text.substring(slash + 1).strip());
    }

    /** True when no model is named. */
    public boolean anyModel() {
        return modelId == null;
    }

    /** Whether this names {@code providerId}'s {@code modelId}, or any model of that provider. */
    public boolean matches(String providerId, String modelId) {
        return this.providerId.equals(providerId) && (this.modelId == null || this.modelId.equals(modelId));
    }

    @Override
    public String toString() {
        return modelId == null ? providerId : providerId + "/" + modelId;
    }
}
