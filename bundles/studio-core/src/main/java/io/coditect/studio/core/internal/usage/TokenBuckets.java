package io.coditect.studio.core.internal.usage;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket per key: holds {@code perMinute} requests, refills one every
 * {@code 60 s / perMinute}. Each bucket is a single number, the time at which it will be full again
 * (the generic cell rate algorithm), updated without a lock.
 *
 * <p>Memory stays bounded: a full bucket is the same as none, so when more than {@code maxKeys}
 * are kept the full ones are dropped; keys beyond that while all are busy are let through uncounted,
 * as only authenticated callers get here and there are not that many of them.
 */
final class TokenBuckets {

    private static final long MICROS_PER_MINUTE = 60_000_000L;

    private final Clock clock;
    private final int maxKeys;
    private final ConcurrentHashMap<String, AtomicLong> fullAt = new ConcurrentHashMap<>();
    private volatile Rate rate;

    /** A limit and the time it takes to refill one request, read together. */
    private record Rate(int perMinute, long intervalMicros) {
    }

    TokenBuckets(Clock clock, int perMinute, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
        limit(perMinute);
    }

    /** Requests per minute from now on; 0 lets everything through. */
    void limit(int requestsPerMinute) {
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative: give 0 for none");
        }
        rate = new Rate(requestsPerMinute, requestsPerMinute == 0 ? 0 : MICROS_PER_MINUTE / requestsPerMinute);
    }

    int perMinute() {
        return rate.perMinute();
    }

    /**
     * Takes one request from {@code key}'s bucket.
     *
     * @return 0 when taken, otherwise the microseconds until one can be
     */
    long take(String key) {
        Rate r = rate;
        long interval = r.intervalMicros();
        if (interval == 0) {
            return 0;
        }
        long now = clock.millis() * 1_000;
        long capacity = interval * r.perMinute();
        AtomicLong bucket = bucket(key, now);
        if (bucket == null) {
            return 0;
        }
        while (true) {
            long full = bucket.get();
            long next = Math.max(full, now) + interval;
            if (next - now > capacity) {
                return next - now - capacity;
            }
            if (bucket.compareAndSet(full, next)) {
                return 0;
            }
        }
    }

    int size() {
        return fullAt.size();
    }

    private AtomicLong bucket(String key, long now) {
        AtomicLong bucket = fullAt.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (fullAt.size() >= maxKeys) {
            fullAt.values().removeIf(b -> b.get() <= now);
            if (fullAt.size() >= maxKeys) {
                return null;
            }
        }
        return fullAt.computeIfAbsent(key, k -> new AtomicLong());
    }
}
