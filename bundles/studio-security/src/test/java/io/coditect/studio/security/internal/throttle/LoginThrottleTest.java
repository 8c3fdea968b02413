package io.coditect.studio.security.internal.throttle;

import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import java.time.Duration;
import org.junit.Test;

public class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(int times, String email, String address) {
        for (int i = 0; i < times; i++) {
            throttle.check("acme", email, address);
            throttle.recordFailure("acme", email, address);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private Duration refusedFor(String email, String address) {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> throttle.check("acme", email, address));
        assertEquals(Reason.THROTTLED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("try again in"));
        return e.retryAfter();
    }

    @Test
    public void fiveFailuresHoldTheAccountBack() {
        fail(4, "alice@example.com", "10.0.0.1");
        throttle.check("acme", "alice@example.com", "10.0.0.1");
        fail(1, "alice@example.com", "10.0.0.1");
        // another address does not help: the account is held back
        Duration wait = refusedFor("Alice@Example.com ", "10.0.0.2");
        assertEquals(Duration.ofSeconds(29), wait);
        // other accounts from other addresses are not affected
        throttle.check("acme", "bob@example.com", "10.0.0.3");
        throttle.check("other", "alice@example.com", "10.0.0.3");
    }

    @Test
    public void theDelayDoublesUpToFifteenMinutes() {
        fail(5, "alice@example.com", null);
        long[] expected = {30, 60, 120, 240, 480, 900, 900};
        for (long seconds : expected) {
            Duration wait = refusedFor("alice@example.com", null);
            assertTrue(wait + " for " + seconds, wait.compareTo(Duration.ofSeconds(seconds - 1)) >= 0
                    && wait.compareTo(Duration.ofSeconds(seconds)) <= 0);
            clock.advance(wait);
            throttle.check("acme", "alice@example.com", null);
            throttle.recordFailure("acme", "alice@example.com", null);
        }
    }

    @Test
    public void aQuietWindowForgives() {
        fail(5, "alice@example.com", null);
        clock.advance(Duration.ofMinutes(16));
        fail(4, "alice@example.com", null);
        throttle.check("acme", "alice@example.com", null);
        fail(1, "alice@example.com", null);
        assertTrue(refusedFor("alice@example.com", null).compareTo(Duration.ofSeconds(30)) <= 0);
    }

    @Test
    public void oneAddressGuessingManyAccountsIsHeldBack() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("acme", "user" + i + "@example.com", "192.0.2.9");
        }
        refusedFor("someone-new@example.com", "192.0.2.9");
        throttle.check("acme", "someone-new@example.com", "192.0.2.10");
    }

    @Test
    public void successClearsTheAccountButNotTheAddress() {
        fail(4, "alice@example.com", "10.0.0.1");
        throttle.recordSuccess("acme", "ALICE@example.com");
        fail(4, "alice@example.com", "10.0.0.2");
        throttle.check("acme", "alice@example.com", "10.0.0.3");

        throttle.recordFailure("acme", "x@example.com", "10.0.0.1");
        refusedFor("alice@example.com", "10.0.0.1");
    }

    @Test
    public void memoryIsBoundedByEvictingTheOldest() {
        LoginThrottle small = new LoginThrottle(clock, 2);
        for (int i = 0; i < 5; i++) {
            small.recordFailure("acme", "old@example.com", null);
        }
        assertThrows(AuthenticationException.class, () -> small.check("acme", "old@example.com", null));
        small.recordFailure("acme", "a@example.com", null);
        small.recordFailure("acme", "b@example.com", null);
        assertEquals(2, small.size());
        small.check("acme", "old@example.com", null); // forgotten
        for (int i = 0; i < 1000; i++) {
            small.recordFailure("acme", "u" + i + "@example.com", "10.0." + i / 250 + "." + i % 250);
        }
        assertEquals(4, small.size());
    }
}
