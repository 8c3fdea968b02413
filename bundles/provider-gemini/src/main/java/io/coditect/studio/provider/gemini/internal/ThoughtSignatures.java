package io.coditect.studio.provider.gemini.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The thought signatures Gemini attached to the function calls it streamed, remembered so that the
 * next request of the tool loop can send them back.
 *
 * <p>Gemini 3 models refuse (HTTP 400) a conversation whose current turn has function calls without
 * their signatures, and the SPI's {@code ContentPart.ToolCall} has no field to carry one through the
 * caller. So the provider instance keeps them, keyed by model and call id, for the most recent
 * {@code capacity} calls (least recently used first out). A signature is only returned for the model
 * that produced it: Gemini rejects another model's signature. When none is known (after a restart,
 * a fallback from another provider, or a long conversation), {@link GeminiRequests} sends the dummy
 * signature the Gemini API documents for history it did not produce itself. Thread-safe.
 */
final class ThoughtSignatures {

    /** The dummy signature the Gemini API accepts for function calls whose real signature is unknown. */
    static final String UNKNOWN = "skip_thought_signature_validator";

    private final Map<String, String> byCall;

    ThoughtSignatures(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.byCall = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(String model, String callId, String signature) {
        if (signature != null && !signature.isEmpty()) {
            byCall.put(key(model, callId), signature);
        }
    }

    synchronized Optional<String> get(String model, String callId) {
        return Optional.ofNullable(byCall.get(key(model, callId)));
    }

    synchronized int size() {
        return byCall.size();
    }

    private static String key(String model, String callId) {
        return model + '\n' + callId;
    }
}
