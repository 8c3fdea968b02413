package io.coditect.studio.core.internal.routing;

import java.time.Instant;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.routing.CircuitState;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.ProviderState;

/**
 * The circuit breaker of one provider model. It opens on N failures in a row, so it works at low
 * traffic, or on a failure rate over at least M calls within a time window, so a flaky model at
 * high traffic opens too. After a cooldown (doubling with each reopening) it lets one probe through;
 * the probe's success closes it, its failure reopens it.
 *
 * <p>Only failures that say something about the provider count: BAD_REQUEST does not,
 * UNAUTHORIZED opens at once for a long time (the key is wrong), and a retry-after also throttles
 * the model until then without opening. Times are epoch milliseconds of the router's clock.
 * Synchronized: it is touched once when a call starts and once when it ends, never per token.
 */
final class CircuitBreaker {

    enum Permit {
        NORMAL, PROBE, DENIED
    }

    /** What the ranking needs to know, without taking a permit. */
    enum Availability {
        /** Closed, no failure in the window. */
        CLEAN,
        /** Closed with failures in the window: usable, ranked as degraded. */
        RECENT_FAILURES,
        /** Cooldown over: the next call is a probe. */
        PROBE_READY,
        /** Open, or half-open with the probe under way. */
        OPEN,
        /** The provider asked to wait (retry-after). */
        THROTTLED
    }

    /** Outcomes kept for the rate; enough for any sensible min-calls setting. */
    private static final int HISTORY = 64;

    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private long openUntil;
    private int timesOpened;
    private boolean probeInFlight;
    private long probeStartedAt;
    private long throttledUntil;
    private ProviderException.Kind lastErrorKind;
    private long lastErrorAt;
    private final long[] endedAt = new long[HISTORY];
    private final boolean[] failedAt = new boolean[HISTORY];
    private int head;
    private int size;

    synchronized Permit tryAcquire(long now, RouterSettings s) {
        if (now < throttledUntil) {
            return Permit.DENIED;
        }
        switch (state) {
            case CLOSED:
                return Permit.NORMAL;
            case OPEN:
                if (now < openUntil) {
                    return Permit.DENIED;
                }
                state = CircuitState.HALF_OPEN;
                return probe(now);
            default:
                if (probeInFlight && now - probeStartedAt < s.probeTimeout().toMillis()) {
                    return Permit.DENIED;
                }
                return probe(now);
        }
    }

    private Permit probe(long now) {
        probeInFlight = true;
        probeStartedAt = now;
        return Permit.PROBE;
    }

    synchronized Availability availability(long now, RouterSettings s) {
        if (now < throttledUntil) {
            return Availability.THROTTLED;
        }
        switch (state) {
            case CLOSED:
                return countRecent(now, s, true) > 0 ? Availability.RECENT_FAILURES : Availability.CLEAN;
            case OPEN:
                return now < openUntil ? Availability.OPEN : Availability.PROBE_READY;
            default:
                return probeInFlight && now - probeStartedAt < s.probeTimeout().toMillis() ? Availability.OPEN
                        : Availability.PROBE_READY;
        }
    }

    /** When an open or throttled model becomes usable again, or 0. */
    synchronized long blockedUntil(long now) {
        long until = now < throttledUntil ? throttledUntil : 0;
        if (state == CircuitState.OPEN && now < openUntil) {
            until = Math.max(until, openUntil);
        }
        return until;
    }

    synchronized void succeeded(long now, boolean probe) {
        consecutiveFailures = 0;
        if (probe) {
            state = CircuitState.CLOSED;
            timesOpened = 0;
            probeInFlight = false;
            size = 0;
        }
        remember(now, false);
    }

    /** @return true when this failure opened the circuit */
    synchronized boolean failed(long now, ProviderException e, boolean probe, RouterSettings s) {
        ProviderException.Kind kind = e.kind();
        if (kind == ProviderException.Kind.BAD_REQUEST) {
            released(probe);
            return false;
        }
        lastErrorKind = kind;
        lastErrorAt = now;
        consecutiveFailures++;
        remember(now, true);
        if (kind == ProviderException.Kind.RATE_LIMITED && e.retryAfter().isPresent()) {
            long wait = Math.min(e.retryAfter().get().toMillis(), RouterSettings.MAX_THROTTLE.toMillis());
            throttledUntil = Math.max(throttledUntil, now + wait);
        }
        if (kind == ProviderException.Kind.UNAUTHORIZED) {
            return lockOut(now, s);
        }
        if (probe && state == CircuitState.HALF_OPEN) {
            open(now, cooldown(s));
            return true;
        }
        if (state == CircuitState.CLOSED && (consecutiveFailures >= s.consecutiveFailures() || rateExceeded(now, s))) {
            open(now, cooldown(s));
            return true;
        }
        return false;
    }

    /** Opens for the long cooldown of a refused key; @return true when it was not open already */
    synchronized boolean lockOut(long now, RouterSettings s) {
        boolean wasOpen = state == CircuitState.OPEN && now < openUntil;
        if (!wasOpen || openUntil < now + s.unauthorizedCooldown().toMillis()) {
            open(now, s.unauthorizedCooldown().toMillis());
        }
        return !wasOpen;
    }

    /** The call ended without saying anything about the provider (cancelled, bad request). */
    synchronized void released(boolean probe) {
        if (probe) {
            probeInFlight = false;
        }
    }

    synchronized ProviderState snapshot(ModelRef target, long now, RouterSettings s) {
        CircuitState shown = state;
        if (shown == CircuitState.OPEN && now >= openUntil) {
            shown = CircuitState.HALF_OPEN;
        }
        return new ProviderState(target, shown, consecutiveFailures, countRecent(now, s, false),
                countRecent(now, s, true), lastErrorKind, lastErrorKind == null ? null : Instant.ofEpochMilli(lastErrorAt),
                shown == CircuitState.OPEN ? Instant.ofEpochMilli(openUntil) : null,
                now < throttledUntil ? Instant.ofEpochMilli(throttledUntil) : null, timesOpened);
    }

    static ProviderState closed(ModelRef target) {
        return new ProviderState(target, CircuitState.CLOSED, 0, 0, 0, null, null, null, null, 0);
    }

    private long cooldown(RouterSettings s) {
        long base = s.cooldown().toMillis();
        long max = s.maxCooldown().toMillis();
        int doublings = Math.min(timesOpened, 30);
        return base > (max >> doublings) ? max : Math.min(max, base << doublings);
    }

    private void open(long now, long cooldownMillis) {
        state = CircuitState.OPEN;
        openUntil = now + cooldownMillis;
        timesOpened++;
        probeInFlight = false;
        consecutiveFailures = 0;
    }

    private boolean rateExceeded(long now, RouterSettings s) {
        int calls = countRecent(now, s, false);
        return calls >= s.minCalls() && countRecent(now, s, true) * 100L >= (long) s.failureRatePercent() * calls;
    }

    private int countRecent(long now, RouterSettings s, boolean failuresOnly) {
        long from = now - s.window().toMillis();
        int n = 0;
        for (int i = 0; i < size; i++) {
            int at = Math.floorMod(head - 1 - i, HISTORY);
            if (endedAt[at] < from) {
                break;
            }
            if (!failuresOnly || failedAt[at]) {
                n++;
            }
        }
        return n;
    }

    private void remember(long now, boolean failed) {
        endedAt[head] = now;
        failedAt[head] = failed;
        head = (head + 1) % HISTORY;
        size = Math.min(size + 1, HISTORY);
    }
}
