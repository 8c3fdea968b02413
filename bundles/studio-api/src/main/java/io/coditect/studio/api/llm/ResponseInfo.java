package io.coditect.studio.api.llm;

import java.util.Objects;

/**
 * Describes who answers a request.
 *
 * @param providerId the provider instance
 * @param model      the model actually used
 * @param offline    true when no real model produced the answer
 */
public record ResponseInfo(String providerId, String model, boolean offline) {
    public ResponseInfo {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(model, "model");
    }
}
