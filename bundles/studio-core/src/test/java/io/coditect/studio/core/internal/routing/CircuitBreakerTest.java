package io.coditect.studio.core.internal.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.routing.CircuitState;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.ProviderState;
import org.junit.Test;

public class CircuitBreakerTest {

    private static final RouterSettings S = RouterSettings.DEFAULTS;
    private static final ModelRef T = ModelRef.of("p", "m");

    private final CircuitBreaker b = new CircuitBreaker();
    private long now = 1_000_000;

    private static ProviderException failure(Kind kind) {
        return new ProviderException(kind, "p", "p: " + kind);
    }

    private boolean fail(Kind kind) {
        CircuitBreaker.Permit p = b.tryAcquire(now, S);
        return b.failed(now, failure(kind), p == CircuitBreaker.Permit.PROBE, S);
    }

    private void succeed() {
        CircuitBreaker.Permit p = b.tryAcquire(now, S);
        b.succeeded(now, p == CircuitBreaker.Permit.PROBE);
    }

    @Test
    public void opensAfterThreeFailuresInThreeCallsAtLowTraffic() {
        assertFalse(fail(Kind.UNAVAILABLE));
        now += 3_600_000; // an hour apart: still counts, no window needed
        assertFalse(fail(Kind.OVERLOADED));
        now += 3_600_000;
        assertTrue(fail(Kind.UNAVAILABLE));
        assertEquals(CircuitBreaker.Permit.DENIED, b.tryAcquire(now, S));
        ProviderState s = b.snapshot(T, now, S);
        assertEquals(CircuitState.OPEN, s.circuit());
        assertEquals(Instant.ofEpochMilli(now + S.cooldown().toMillis()), s.openUntil());
        assertEquals(Kind.UNAVAILABLE, s.lastErrorKind());
    }

    @Test
    public void successResetsTheRunOfFailures() {
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        succeed();
        now += 120_000; // outside the rate window, so only the run counts
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        assertEquals(CircuitBreaker.Permit.NORMAL, b.tryAcquire(now, S));
    }

    @Test
    public void opensOnFailureRateWithinTheWindow() {
        // F S F S: never three in a row, but 50 % of 4 calls within a minute
        fail(Kind.UNAVAILABLE);
        succeed();
        fail(Kind.UNAVAILABLE);
        assertEquals(CircuitState.CLOSED, b.snapshot(T, now, S).circuit());
        succeed();
        assertTrue(fail(Kind.UNAVAILABLE));
        assertEquals(CircuitState.OPEN, b.snapshot(T, now, S).circuit());
    }

    @Test
    public void failuresOutsideTheWindowDoNotCountForTheRate() {
        fail(Kind.UNAVAILABLE);
        succeed();
        fail(Kind.UNAVAILABLE);
        succeed();
        now += S.window().toMillis() + 1;
        assertFalse(fail(Kind.UNAVAILABLE)); // 1 of 1 in the window: below min calls
        ProviderState s = b.snapshot(T, now, S);
        assertEquals(1, s.recentCalls());
        assertEquals(1, s.recentFailures());
    }

    @Test
    public void halfOpenLetsOneProbeThroughAndItsSuccessCloses() {
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        now += S.cooldown().toMillis();
        assertEquals(CircuitBreaker.Availability.PROBE_READY, b.availability(now, S));
        assertEquals(CircuitState.HALF_OPEN, b.snapshot(T, now, S).circuit());
        assertEquals(CircuitBreaker.Permit.PROBE, b.tryAcquire(now, S));
        assertEquals("one probe at a time", CircuitBreaker.Permit.DENIED, b.tryAcquire(now, S));
        assertEquals(CircuitBreaker.Availability.OPEN, b.availability(now, S));
        b.succeeded(now, true);
        assertEquals(CircuitState.CLOSED, b.snapshot(T, now, S).circuit());
        assertEquals(0, b.snapshot(T, now, S).timesOpened());
        assertEquals(CircuitBreaker.Permit.NORMAL, b.tryAcquire(now, S));
    }

    @Test
    public void failedProbeReopensWithALongerCooldownUpToTheCap() {
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        long cooldown = S.cooldown().toMillis();
        for (int i = 1; i <= 8; i++) {
            now += b.snapshot(T, now, S).openUntil().toEpochMilli() - now;
            assertTrue(fail(Kind.OVERLOADED));
            cooldown = Math.min(cooldown * 2, S.maxCooldown().toMillis());
            assertEquals(Instant.ofEpochMilli(now + cooldown), b.snapshot(T, now, S).openUntil());
        }
        assertEquals(S.maxCooldown().toMillis(), cooldown);
    }

    @Test
    public void probeThatNeverEndsStopsBlockingAfterTheProbeTimeout() {
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        now += S.cooldown().toMillis();
        assertEquals(CircuitBreaker.Permit.PROBE, b.tryAcquire(now, S));
        now += S.probeTimeout().toMillis();
        assertEquals(CircuitBreaker.Permit.PROBE, b.tryAcquire(now, S));
    }

    @Test
    public void badRequestSaysNothingAboutTheProvider() {
        for (int i = 0; i < 10; i++) {
            assertFalse(fail(Kind.BAD_REQUEST));
        }
        ProviderState s = b.snapshot(T, now, S);
        assertEquals(CircuitState.CLOSED, s.circuit());
        assertEquals(0, s.consecutiveFailures());
        assertNull(s.lastErrorKind());
    }

    @Test
    public void unauthorizedOpensAtOnceForTheLongCooldown() {
        assertTrue(fail(Kind.UNAUTHORIZED));
        assertEquals(Instant.ofEpochMilli(now + S.unauthorizedCooldown().toMillis()), b.snapshot(T, now, S).openUntil());
    }

    @Test
    public void retryAfterThrottlesWithoutOpening() {
        CircuitBreaker.Permit p = b.tryAcquire(now, S);
        b.failed(now, new ProviderException(Kind.RATE_LIMITED, "p", "slow down", Duration.ofSeconds(30), null),
                p == CircuitBreaker.Permit.PROBE, S);
        assertEquals(CircuitBreaker.Availability.THROTTLED, b.availability(now, S));
        assertEquals(CircuitBreaker.Permit.DENIED, b.tryAcquire(now, S));
        ProviderState s = b.snapshot(T, now, S);
        assertEquals(CircuitState.CLOSED, s.circuit());
        assertEquals(Instant.ofEpochMilli(now + 30_000), s.throttledUntil());
        now += 30_000;
        assertEquals(CircuitBreaker.Permit.NORMAL, b.tryAcquire(now, S));
    }

    @Test
    public void cancelledProbeFreesTheSlotWithoutAVerdict() {
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        fail(Kind.UNAVAILABLE);
        now += S.cooldown().toMillis();
        assertEquals(CircuitBreaker.Permit.PROBE, b.tryAcquire(now, S));
        b.released(true);
        assertEquals(CircuitState.HALF_OPEN, b.snapshot(T, now, S).circuit());
        assertEquals(CircuitBreaker.Permit.PROBE, b.tryAcquire(now, S));
    }
}
