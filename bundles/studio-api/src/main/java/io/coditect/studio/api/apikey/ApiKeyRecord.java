package io.coditect.studio.api.apikey;

import java.time.Instant;
import java.util.Set;

/**
 * What the studio keeps of an API key. The secret itself is shown once when issued and never stored.
 *
 * @param id         UUID set by the store
 * @param orgId      the organisation
 * @param ownerId    the user (often a service account) the key acts as
 * @param name       label chosen by people, for example "CI pipeline"
 * @param prefix     the visible start of the key, 4 to 32 of {@code [A-Za-z0-9_-]}; unique in the studio,
 *                   so a presented key is found by it
 * @param digest     HMAC of the secret, as the security layer encodes it (16 to 200 of
 *                   {@code [A-Za-z0-9_:.$=+/-]}, for example {@code v1:} and 64 hex digits)
 * @param scopes     what the key may do, each 1 to 64 of {@code [a-z0-9:._*-]}; may be empty
 * @param expiresAt  when the key stops working, or null for never
 * @param createdAt  set by the store
 * @param lastUsedAt the last recorded use, or null
 * @param revokedAt  when it was revoked, or null
 */
public record ApiKeyRecord(String id, String orgId, String ownerId, String name, String prefix, String digest,
        Set<String> scopes, Instant expiresAt, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    public ApiKeyRecord {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** A key to create; the store sets id and creation time. */
    public static ApiKeyRecord of(String orgId, String ownerId, String name, String prefix, String digest,
            Set<String> scopes, Instant expiresAt) {
        return new ApiKeyRecord(null, orgId, ownerId, name, prefix, digest, scopes, expiresAt, null, null, null);
    }

    /** Not revoked and not expired at {@code now}. */
    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
