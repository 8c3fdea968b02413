package io.coditect.studio.api.security;

import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * API keys for service accounts, with the access checks of SDD §5.2 (organisation admins issue
 * keys; owners read and revoke theirs). Keys of another organisation are "not found".
 */
@ProviderType
public interface ApiKeyService {

    /**
     * Issues a key for {@code ownerId} of the caller's organisation.
     *
     * @param scopes    what the key may do, see {@link Caller#scopes()}
     * @param expiresAt null for a key that does not expire
     */
    ApiKeyIssued issue(Caller caller, String ownerId, String name, Set<String> scopes, Instant expiresAt);

    Page<ApiKeyRecord> list(Caller caller, ApiKeyFilter filter, PageRequest page);

    ApiKeyRecord find(Caller caller, String keyId);

    /** Revokes at once; open streams opened with the key are closed. */
    ApiKeyRecord revoke(Caller caller, String keyId);

    /** Issues a replacement and lets the old key work for {@code overlap} more. */
    ApiKeyIssued rotate(Caller caller, String keyId, Duration overlap);
}
