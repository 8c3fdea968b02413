package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The real store, counting the last-use writes that reach it. */
final class CountingKeyStore implements ApiKeyStore {

    final AtomicInteger useWrites = new AtomicInteger();
    private final ApiKeyStore store;

    CountingKeyStore(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    public ApiKeyRecord create(ApiKeyRecord key) {
        return store.create(key);
    }

    @Override
    public Optional<ApiKeyRecord> find(String orgId, String keyId) {
        return store.find(orgId, keyId);
    }

    @Override
    public Optional<ApiKeyRecord> findByPrefix(String orgId, String prefix) {
        return store.findByPrefix(orgId, prefix);
    }

    @Override
    public Page<ApiKeyRecord> list(String orgId, ApiKeyFilter filter, PageRequest page) {
        return store.list(orgId, filter, page);
    }

    @Override
    public boolean recordUse(String orgId, String keyId, Instant at) {
        useWrites.incrementAndGet();
        return store.recordUse(orgId, keyId, at);
    }

    @Override
    public ApiKeyRecord revoke(String orgId, String keyId) {
        return store.revoke(orgId, keyId);
    }

    @Override
    public ApiKeyRecord rotate(String orgId, String oldKeyId, ApiKeyRecord replacement, Duration overlap) {
        return store.rotate(orgId, oldKeyId, replacement, overlap);
    }
}
