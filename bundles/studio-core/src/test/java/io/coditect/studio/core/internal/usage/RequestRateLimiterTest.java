package io.coditect.studio.core.internal.usage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.usage.RateLimitedException;
import io.coditect.studio.persistence.testing.MutableClock;
import org.junit.Test;

/** Token buckets per user and per API key, on a clock the test moves. */
public class RequestRateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    private static Caller user(String org, String id) {
        return new Caller(org, id, Credential.PASSWORD, "session-" + id, null, Map.of(), Set.of(), false, null);
    }

    private static Caller key(String id, String owner) {
        return new Caller("acme", owner, Credential.API_KEY, id, null, Map.of(), Set.of("*"), false, null);
    }

    private static RateLimitedException refused(RequestRateLimiter limiter, Caller caller) {
        try {
            limiter.acquire(caller);
        } catch (RateLimitedException e) {
            return e;
        }
        fail(caller.actor() + " was let through");
        return null;
    }

    private static void times(int n, RequestRateLimiter limiter, Caller caller) {
        for (int i = 0; i < n; i++) {
            limiter.acquire(caller);
        }
    }

    @Test
    public void aFullMinuteMayBeUsedAtOnceAndRefillsEvenly() {
        RequestRateLimiter limiter = new RequestRateLimiter(clock, 3, 600);
        Caller ann = user("acme", "ann");
        times(3, limiter, ann);
        RateLimitedException e = refused(limiter, ann);
        assertEquals(Duration.ofSeconds(20), e.retryAfter());
        assertEquals("user 'ann' may make 3 requests per minute and has used them up; wait 20 s before the next"
                + " request, or ask an administrator to raise the limit (io.coditect.studio.core.ratelimit).",
                e.getMessage());

        clock.advance(Duration.ofSeconds(19));
        assertEquals(Duration.ofSeconds(1), refused(limiter, ann).retryAfter());
        clock.advance(Duration.ofSeconds(1));
        limiter.acquire(ann);
        refused(limiter, ann);

        // an idle minute fills the bucket again, and no more than that
        clock.advance(Duration.ofMinutes(5));
        times(3, limiter, ann);
        refused(limiter, ann);
    }

    @Test
    public void usersAndKeysHaveBucketsOfTheirOwn() {
        RequestRateLimiter limiter = new RequestRateLimiter(clock, 1, 2);
        limiter.acquire(user("acme", "ann"));
        refused(limiter, user("acme", "ann"));
        // the same id in another organisation is another user
        limiter.acquire(user("globex", "ann"));
        // ann's keys count on their own, each by its id
        times(2, limiter, key("k1", "ann"));
        RateLimitedException e = refused(limiter, key("k1", "ann"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("API key 'k1' may make 2 requests per minute"));
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
        times(2, limiter, key("k2", "ann"));
        // the studio itself is never limited
        times(100, limiter, Caller.system("acme"));
    }

    @Test
    public void limitsChangeLiveAndZeroTurnsThemOff() {
        RequestRateLimiter limiter = new RequestRateLimiter(clock, 0, 0);
        Caller ann = user("acme", "ann");
        times(1_000, limiter, ann);
        times(1_000, limiter, key("k1", "ann"));

        limiter.limits(2, 0);
        times(2, limiter, ann);
        refused(limiter, ann);
        times(1_000, limiter, key("k1", "ann"));

        // a negative limit is refused and the limits stay
        limiter.limits(-1, 5);
        refused(limiter, ann);
        times(1_000, limiter, key("k1", "ann"));
    }

    @Test
    public void bucketsOfIdleCallersAreDroppedToStayWithinBounds() {
        TokenBuckets buckets = new TokenBuckets(clock, 60, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, buckets.take("k" + i));
        }
        // all ten are busy: an eleventh caller passes uncounted
        assertEquals(0, buckets.take("k10"));
        assertEquals(10, buckets.size());

        clock.advance(Duration.ofSeconds(2));
        assertEquals(0, buckets.take("k11"));
        assertEquals(1, buckets.size());
    }
}
