package io.coditect.studio.security.internal.throttle;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing, per account and per source address: after
 * {@value #MAX_FAILURES} failures within {@link #WINDOW}, attempts are refused for a delay that
 * doubles with each further failure ({@link #FIRST_DELAY} up to {@link #MAX_DELAY}). Counters are
 * kept for a bounded number of accounts and addresses; the least recently used ones go first.
 */
public final class LoginThrottle {

    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final Counters accounts;
    private final Counters addresses;

    public LoginThrottle(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    /** @param capacity how many accounts, and separately how many addresses, are remembered */
    public LoginThrottle(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the throttle must remember at least one account");
        }
        this.clock = clock;
        this.accounts = new Counters(capacity);
        this.addresses = new Counters(capacity);
    }

    /**
     * Refuses an attempt while the account or the address is held back.
     *
     * @throws AuthenticationException {@link Reason#THROTTLED}, with how long to wait
     */
    public void check(String orgId, String email, String address) {
        Instant now = clock.instant();
        Duration wait = max(accounts.wait(account(orgId, email), now), address == null ? Duration.ZERO
                : addresses.wait(address, now));
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new AuthenticationException(Reason.THROTTLED, "too many failed sign-in attempts: try again in "
                    + seconds + " s", Duration.ofSeconds(seconds));
        }
    }

    public void recordFailure(String orgId, String email, String address) {
        Instant now = clock.instant();
        accounts.fail(account(orgId, email), now);
        if (address != null) {
            addresses.fail(address, now);
        }
    }

    /** A successful login clears the account's failures (not the address's: it may be an attacker's). */
    public void recordSuccess(String orgId, String email) {
        accounts.clear(account(orgId, email));
    }

    /** How many accounts and addresses are being counted, for tests and monitoring. */
    public int size() {
        return accounts.size() + addresses.size();
    }

    private static String account(String orgId, String email) {
        return (orgId == null ? "" : orgId.strip().toLowerCase(Locale.ROOT)) + '\u0000'
                + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The failures of one account or address. */
    private static final class Counter {
        final ArrayDeque<Instant> failures = new ArrayDeque<>(MAX_FAILURES);
        int lockouts;
        Instant lastFailure = Instant.MIN;
        Instant blockedUntil = Instant.MIN;

        void fail(Instant now) {
            Instant quietSince = lastFailure.isAfter(blockedUntil) ? lastFailure : blockedUntil;
            if (!now.isBefore(quietSince.plus(WINDOW))) {
                // a whole window without failures (after the last block) forgives everything
                failures.clear();
                lockouts = 0;
            }
            lastFailure = now;
            if (lockouts > 0) {
                // once held back, every further failure holds back again, twice as long
                blockedUntil = now.plus(delay(lockouts++));
                return;
            }
            while (!failures.isEmpty() && !failures.peekFirst().isAfter(now.minus(WINDOW))) {
                failures.removeFirst();
            }
            failures.addLast(now);
            if (failures.size() >= MAX_FAILURES) {
                failures.clear();
                blockedUntil = now.plus(delay(lockouts++));
            }
        }

        private static Duration delay(int lockouts) {
            int doublings = Math.min(lockouts, 16);
            Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
            return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
        }
    }

    /** Counters by key, least recently used first. */
    private static final class Counters {
        private final Map<String, Counter> map;

        Counters(int capacity) {
            map = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized Duration wait(String key, Instant now) {
            Counter c = map.get(key);
            return c == null || !now.isBefore(c.blockedUntil) ? Duration.ZERO : Duration.between(now, c.blockedUntil);
        }

        synchronized void fail(String key, Instant now) {
            map.computeIfAbsent(key, k -> new Counter()).fail(now);
        }

        synchronized void clear(String key) {
            map.remove(key);
        }

        synchronized int size() {
            return map.size();
        }
    }
}
