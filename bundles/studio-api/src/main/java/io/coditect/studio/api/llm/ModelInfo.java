package io.coditect.studio.api.llm;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * One model served by a provider.
 *
 * @param id                  the vendor's model id, sent on the wire
 * @param displayName         name shown to people
 * @param capabilities        what it can do
 * @param contextWindow       maximum prompt plus answer tokens
 * @param inputPricePerMTok   price per million input tokens in USD (zero when free)
 * @param outputPricePerMTok  price per million output tokens in USD (zero when free)
 */
public record ModelInfo(String id, String displayName, Set<Capability> capabilities, int contextWindow,
        BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok) {

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? id : displayName;
        capabilities = Set.copyOf(capabilities);
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be positive");
        }
        inputPricePerMTok = inputPricePerMTok == null ? BigDecimal.ZERO : inputPricePerMTok;
        outputPricePerMTok = outputPricePerMTok == null ? BigDecimal.ZERO : outputPricePerMTok;
    }

    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }
}
