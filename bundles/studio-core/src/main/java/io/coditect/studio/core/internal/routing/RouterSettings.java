package io.coditect.studio.core.internal.routing;

import java.time.Duration;

/**
 * The router's tunables, validated; see {@link RouterConfig} for what each means.
 */
record RouterSettings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotalWait,
        int consecutiveFailures, int failureRatePercent, int minCalls, Duration window, Duration cooldown,
        Duration maxCooldown, Duration unauthorizedCooldown, Duration probeTimeout) {

    /** Longest throttle a retry-after may impose, so a bogus header cannot park a model for days. */
    static final Duration MAX_THROTTLE = Duration.ofHours(1);

    static final RouterSettings DEFAULTS = new RouterSettings(3, Duration.ofMillis(250), Duration.ofSeconds(4),
            Duration.ofSeconds(10), 3, 50, 4, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofMinutes(2));

    RouterSettings {
        if (maxAttempts < 1 || consecutiveFailures < 1 || minCalls < 1 || failureRatePercent < 1
                || failureRatePercent > 100) {
            throw new IllegalArgumentException("router settings out of range: attempts, failures and calls must be"
                    + " at least 1 and the failure rate 1-100 %");
        }
        for (Duration d : new Duration[] { baseDelay, maxDelay, maxTotalWait, window, cooldown, maxCooldown,
            unauthorizedCooldown, probeTimeout }) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("router settings: durations cannot be negative");
            }
        }
    }

    static RouterSettings of(RouterConfig c) {
        return new RouterSettings(c.retry_max_attempts(), Duration.ofMillis(c.retry_base_delay_ms()),
                Duration.ofMillis(c.retry_max_delay_ms()), Duration.ofMillis(c.retry_max_total_wait_ms()),
                c.breaker_consecutive_failures(), c.breaker_failure_rate_percent(), c.breaker_min_calls(),
                Duration.ofSeconds(c.breaker_window_seconds()), Duration.ofSeconds(c.breaker_cooldown_seconds()),
                Duration.ofSeconds(c.breaker_max_cooldown_seconds()),
                Duration.ofSeconds(c.breaker_unauthorized_cooldown_seconds()),
                Duration.ofSeconds(c.breaker_probe_timeout_seconds()));
    }
}
