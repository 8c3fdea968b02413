package io.coditect.studio.api.routing;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

import io.coditect.studio.api.llm.ModelInfo;

/**
 * What a tenant allows the router to use for a request.
 *
 * @param allowedProviders provider ids that may be used; empty allows every provider
 * @param deniedProviders  provider ids that must not be used; wins over {@code allowedProviders}
 * @param maxPricePerMTok  ceiling in USD per million tokens that neither the input nor the output
 *                         price of a model may exceed; null for none
 * @param preference       how to order the models that qualify
 */
public record TenantPolicy(Set<String> allowedProviders, Set<String> deniedProviders, BigDecimal maxPricePerMTok,
        Preference preference) {

    /** How the router orders the models that qualify, after an explicitly preferred one. */
    public enum Preference {
        /** Lowest estimated cost of this request first (prompt estimate and {@code maxTokens}). */
        CHEAPEST,
        /**
         * Most capable first: models with {@code REASONING} first, then by price as the market's
         * measure of quality, then by context window.
         */
        BEST
    }

    /** No restriction, best models first. */
    public static final TenantPolicy OPEN = new TenantPolicy(Set.of(), Set.of(), null, Preference.BEST);

    public TenantPolicy {
        allowedProviders = allowedProviders == null ? Set.of() : Set.copyOf(allowedProviders);
        deniedProviders = deniedProviders == null ? Set.of() : Set.copyOf(deniedProviders);
        if (maxPricePerMTok != null && maxPricePerMTok.signum() < 0) {
            throw new IllegalArgumentException("maxPricePerMTok cannot be negative");
        }
        Objects.requireNonNull(preference, "preference");
    }

    public static TenantPolicy prefer(Preference preference) {
        return new TenantPolicy(Set.of(), Set.of(), null, preference);
    }

    public boolean allows(String providerId) {
        return !deniedProviders.contains(providerId)
                && (allowedProviders.isEmpty() || allowedProviders.contains(providerId));
    }

    /** Whether the model's input and output prices are both within {@link #maxPricePerMTok()}. */
    public boolean withinCeiling(ModelInfo model) {
        return maxPricePerMTok == null || (model.inputPricePerMTok().compareTo(maxPricePerMTok) <= 0
                && model.outputPricePerMTok().compareTo(maxPricePerMTok) <= 0);
    }

    public TenantPolicy withAllowed(Set<String> providers) {
        return new TenantPolicy(providers, deniedProviders, maxPricePerMTok, preference);
    }

    public TenantPolicy withDenied(Set<String> providers) {
        return new TenantPolicy(allowedProviders, providers, maxPricePerMTok, preference);
    }

    public TenantPolicy withMaxPricePerMTok(BigDecimal ceiling) {
        return new TenantPolicy(allowedProviders, deniedProviders, ceiling, preference);
    }
}
