package io.coditect.studio.api.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * API key records. Every method names the organisation and never returns or changes another
 * organisation's key. Lists are ordered newest first. Failures are
 * {@link io.coditect.studio.api.store.StoreException}s; a failed write changes nothing.
 */
@ProviderType
public interface ApiKeyStore {

    /**
     * Stores a new key (id, creation time set by the store; last use and revocation empty).
     * {@code NOT_FOUND} when the owner is not a user of the organisation, {@code CONFLICT} when the
     * prefix is taken, {@code INVALID} for an expiry that is not after now.
     */
    ApiKeyRecord create(ApiKeyRecord key);

    Optional<ApiKeyRecord> find(String orgId, String keyId);

    /**
     * The key with this visible prefix, to check a presented key against its digest. Callers
     * learn the organisation from the presented key or the request, never from this store.
     */
    Optional<ApiKeyRecord> findByPrefix(String orgId, String prefix);

    Page<ApiKeyRecord> list(String orgId, ApiKeyFilter filter, PageRequest page);

    /**
     * Records a use at {@code at}; an earlier time than the one recorded is ignored.
     *
     * @return false when there is no such key
     */
    boolean recordUse(String orgId, String keyId, Instant at);

    /**
     * Revokes the key at once; revoking a revoked key keeps the first revocation time.
     * {@code NOT_FOUND} when there is no such key.
     */
    ApiKeyRecord revoke(String orgId, String keyId);

    /**
     * Replaces a key: stores {@code replacement} (for the same owner) and makes the old key expire
     * after {@code overlap} (or at its own earlier expiry), in one transaction, so clients can
     * switch within the overlap window. {@code CONFLICT} when the old key is revoked or expired.
     *
     * @return the stored replacement
     */
    ApiKeyRecord rotate(String orgId, String oldKeyId, ApiKeyRecord replacement, Duration overlap);
}
