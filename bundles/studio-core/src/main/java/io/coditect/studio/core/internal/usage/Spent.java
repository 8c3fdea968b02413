package io.coditect.studio.core.internal.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageTotal;

/**
 * Tokens (input plus output) and money used. Money is counted in micro-USD, the store's six decimal
 * places, so sums in memory agree exactly with the database's.
 */
record Spent(long tokens, long micros) {

    static final Spent ZERO = new Spent(0, 0);

    static Spent of(UsageRecord r) {
        return new Spent(r.inputTokens() + r.outputTokens(), micros(r.cost()));
    }

    static Spent of(UsageTotal t) {
        return new Spent(t.inputTokens() + t.outputTokens(), micros(t.cost()));
    }

    static long micros(BigDecimal usd) {
        return usd == null ? 0 : usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    Spent plus(Spent other) {
        return new Spent(tokens + other.tokens, micros + other.micros);
    }

    BigDecimal usd() {
        return usd(micros);
    }
}
