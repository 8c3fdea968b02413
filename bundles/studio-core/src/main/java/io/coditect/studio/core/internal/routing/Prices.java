package io.coditect.studio.core.internal.routing;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.Usage;

/** What tokens cost at a model's list prices. */
public final class Prices {

    private Prices() {
    }

    /** USD with six decimals. */
    public static BigDecimal cost(ModelInfo model, Usage usage) {
        return model.inputPricePerMTok().multiply(BigDecimal.valueOf(usage.inputTokens()))
                .add(model.outputPricePerMTok().multiply(BigDecimal.valueOf(usage.outputTokens())))
                .movePointLeft(6).setScale(6, RoundingMode.HALF_UP);
    }
}
