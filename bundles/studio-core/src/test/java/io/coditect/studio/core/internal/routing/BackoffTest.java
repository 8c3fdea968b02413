package io.coditect.studio.core.internal.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BackoffTest {

    private static final RouterSettings S = RouterSettings.DEFAULTS;

    @Test
    public void doublesWithEachTryUpToTheCapWithJitterInTheUpperHalf() {
        long base = S.baseDelay().toMillis();
        for (int attempt = 1; attempt <= 12; attempt++) {
            long exp = Math.min(S.maxDelay().toMillis(), base << (attempt - 1));
            long low = Backoff.delayMillis(attempt, 0, S, 0.0);
            long high = Backoff.delayMillis(attempt, 0, S, 0.999_999);
            assertEquals(exp / 2, low);
            assertTrue(high <= exp && high >= exp - 1);
        }
    }

    @Test
    public void neverWaitsLessThanTheProviderAsked() {
        assertEquals(7_000, Backoff.delayMillis(1, 7_000, S, 0.5));
        assertTrue(Backoff.delayMillis(5, 10, S, 0.5) > 10);
    }

    @Test
    public void hugeAttemptNumbersDoNotOverflow() {
        assertTrue(Backoff.delayMillis(1_000, 0, S, 0.5) <= S.maxDelay().toMillis());
    }
}
