package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records when keys are used, at most once a minute per key: a busy key would otherwise cost a
 * database write per request. The last-use time is informational, so a failed write is logged and
 * does not fail the request.
 */
final class UseRecorder {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(UseRecorder.class);
    // bounded: forgetting a key only costs one more write
    private static final int MAX_TRACKED = 10_000;

    private final ApiKeyStore keys;
    private final ConcurrentMap<String, Long> lastWritten = new ConcurrentHashMap<>();

    UseRecorder(ApiKeyStore keys) {
        this.keys = keys;
    }

    void used(ApiKeyRecord key, Instant now) {
        if (!due(key, now.toEpochMilli())) {
            return;
        }
        try {
            keys.recordUse(key.orgId(), key.id(), now);
        } catch (StoreException e) {
            LOG.warn("could not record the use of API key {} of organisation {}: {}", key.id(), key.orgId(),
                    e.getMessage());
        }
    }

    // claims the write atomically, so concurrent requests of one key write once
    private boolean due(ApiKeyRecord key, long now) {
        Long previous = lastWritten.get(key.id());
        if (previous == null) {
            Instant stored = key.lastUsedAt();
            if (stored != null && now - stored.toEpochMilli() < INTERVAL.toMillis()) {
                lastWritten.putIfAbsent(key.id(), stored.toEpochMilli());
                return false;
            }
            if (lastWritten.size() >= MAX_TRACKED) {
                lastWritten.clear();
            }
            return lastWritten.putIfAbsent(key.id(), now) == null;
        }
        return now - previous >= INTERVAL.toMillis() && lastWritten.replace(key.id(), previous, now);
    }
}
