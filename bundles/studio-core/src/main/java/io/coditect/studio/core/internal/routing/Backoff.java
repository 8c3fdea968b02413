package io.coditect.studio.core.internal.routing;

/** Exponential backoff with "equal jitter" that never waits less than the provider asked. */
final class Backoff {

    private Backoff() {
    }

    /**
     * @param failedAttempt   the number of the try that failed, from 1
     * @param retryAfterMillis what the provider asked for, 0 when nothing
     * @param random          in [0, 1)
     */
    static long delayMillis(int failedAttempt, long retryAfterMillis, RouterSettings s, double random) {
        long base = s.baseDelay().toMillis();
        long max = s.maxDelay().toMillis();
        int doublings = Math.min(failedAttempt - 1, 30);
        long exp = base > (max >> doublings) ? max : Math.min(max, base << doublings);
        // half fixed, half random: spreads retries of many callers without collapsing to zero
        long jittered = exp / 2 + (long) (random * (exp - exp / 2));
        return Math.max(jittered, retryAfterMillis);
    }
}
