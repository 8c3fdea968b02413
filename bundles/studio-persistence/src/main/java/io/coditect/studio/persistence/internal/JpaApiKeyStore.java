package io.coditect.studio.persistence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;

/** {@link ApiKeyStore} on JPA. */
final class JpaApiKeyStore implements ApiKeyStore {

    static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{4,32}");
    static final Pattern DIGEST = Pattern.compile("[A-Za-z0-9_:.$=+/-]{16,200}");
    static final Pattern SCOPE = Pattern.compile("[a-z0-9:._*-]{1,64}");
    static final int MAX_SCOPES = 50;

    private final Tx tx;
    private final Clock clock;

    JpaApiKeyStore(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public ApiKeyRecord create(ApiKeyRecord key) {
        return tx.apply(em -> insert(em, key));
    }

    private ApiKeyRecord insert(EntityManager em, ApiKeyRecord key) {
        Check.required("API key", key, "pass the key to store");
        String orgId = Check.id("organisation", key.orgId());
        String ownerId = Check.id("owner", key.ownerId());
        String name = Check.name("API key name", key.name(), JpaTenancyStore.NAME_MAX);
        String prefix = Check.token("API key prefix", key.prefix(), PREFIX, "4 to 32 of A-Z a-z 0-9 _ -");
        String digest = Check.token("API key digest", key.digest(), DIGEST,
                "16 to 200 of A-Z a-z 0-9 _ : . $ = + / - (an encoded HMAC, never the secret)");
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : key.scopes()) {
            scopes.add(Check.token("scope", s, SCOPE, "1 to 64 of a-z 0-9 : . _ * -"));
        }
        if (scopes.size() > MAX_SCOPES) {
            throw StoreException.invalid("an API key has " + scopes.size() + " scopes: at most " + MAX_SCOPES
                    + " are allowed");
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        Instant expiresAt = Check.truncate(key.expiresAt());
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw StoreException.invalid("API key expiry " + expiresAt + " is not in the future: give a later time or"
                    + " none");
        }
        JpaTenancyStore.user(em, orgId, ownerId);
        Long taken = em.createQuery("SELECT COUNT(k.id) FROM ApiKeyEntity k WHERE k.prefix = :p", Long.class)
                .setParameter("p", prefix).getSingleResult();
        if (taken > 0) {
            throw StoreException.conflict("API key prefix '" + prefix + "' is taken: generate another key");
        }
        ApiKeyEntity e = new ApiKeyEntity(Ids.next(clock.millis()), orgId, ownerId, name, prefix, digest, scopes,
                Check.millis(expiresAt), now.toEpochMilli());
        em.persist(e);
        return e.toRecord();
    }

    @Override
    public Optional<ApiKeyRecord> find(String orgId, String keyId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(keyId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(entity(em, orgId, keyId)).map(ApiKeyEntity::toRecord));
    }

    /** The key, if it is one of the organisation's; never another organisation's row. */
    private static ApiKeyEntity entity(EntityManager em, String orgId, String keyId) {
        ApiKeyEntity e = em.find(ApiKeyEntity.class, keyId);
        return e != null && e.orgId.equals(orgId) ? e : null;
    }

    private static ApiKeyEntity existing(EntityManager em, String orgId, String keyId) {
        ApiKeyEntity e = StudioIds.isValid(orgId) && StudioIds.isValid(keyId) ? entity(em, orgId, keyId) : null;
        if (e == null) {
            throw StoreException.notFound("API key '" + StudioIds.printable(keyId) + "' does not exist in organisation '"
                    + StudioIds.printable(orgId) + "'");
        }
        return e;
    }

    @Override
    public Optional<ApiKeyRecord> findByPrefix(String orgId, String prefix) {
        if (!StudioIds.isValid(orgId) || prefix == null || !PREFIX.matcher(prefix).matches()) {
            return Optional.empty();
        }
        return tx.apply(em -> em.createQuery("SELECT k FROM ApiKeyEntity k WHERE k.orgId = :org AND k.prefix = :p",
                ApiKeyEntity.class).setParameter("org", orgId).setParameter("p", prefix).getResultList().stream()
                .findFirst().map(ApiKeyEntity::toRecord));
    }

    @Override
    public Page<ApiKeyRecord> list(String orgId, ApiKeyFilter filter, PageRequest page) {
        ApiKeyFilter f = filter == null ? ApiKeyFilter.ALL : filter;
        return tx.apply(em -> {
            Jpql<ApiKeyEntity> q = new Jpql<>(ApiKeyEntity.class).where("e.orgId = :org", "org", orgId)
                    .eq("e.ownerId", "owner", f.ownerId());
            if (f.activeOnly()) {
                q.where("e.revokedAt IS NULL", null, null)
                        .where("(e.expiresAt IS NULL OR e.expiresAt > :now)", "now", clock.millis());
            }
            return q.page(em, Jpql.newestFirst("apikey", "e.createdAt", k -> k.createdAt, "e.id", k -> k.id), page,
                    ApiKeyEntity::toRecord);
        });
    }

    @Override
    public boolean recordUse(String orgId, String keyId, Instant at) {
        Check.required("time of use", at, "pass when the key was used");
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(keyId)) {
            return false;
        }
        long millis = Check.truncate(at).toEpochMilli();
        return tx.apply(em -> {
            // one conditional update: concurrent uses never move the time backwards
            int changed = em.createQuery("UPDATE ApiKeyEntity k SET k.lastUsedAt = :at WHERE k.id = :id AND "
                    + "k.orgId = :org AND (k.lastUsedAt IS NULL OR k.lastUsedAt < :at)").setParameter("at", millis)
                    .setParameter("id", keyId).setParameter("org", orgId).executeUpdate();
            return changed > 0 || entity(em, orgId, keyId) != null;
        });
    }

    @Override
    public ApiKeyRecord revoke(String orgId, String keyId) {
        return tx.apply(em -> {
            ApiKeyEntity e = existing(em, orgId, keyId);
            if (e.revokedAt == null) {
                e.revokedAt = clock.millis();
            }
            return e.toRecord();
        });
    }

    @Override
    public ApiKeyRecord rotate(String orgId, String oldKeyId, ApiKeyRecord replacement, Duration overlap) {
        Check.required("replacement key", replacement, "pass the new key to store");
        Check.required("overlap", overlap, "say how long the old key keeps working, for example PT24H (or PT0S)");
        if (overlap.isNegative()) {
            throw StoreException.invalid("overlap " + overlap + " is negative: give zero or more");
        }
        if (replacement.orgId() != null && !replacement.orgId().equals(orgId)) {
            throw StoreException.invalid("the replacement key names organisation '"
                    + StudioIds.printable(replacement.orgId()) + "', not '" + StudioIds.printable(orgId) + "'");
        }
        return tx.apply(em -> {
            ApiKeyEntity old = existing(em, orgId, oldKeyId);
            long now = clock.millis();
            if (old.revokedAt != null || old.expiresAt != null && old.expiresAt <= now) {
                throw StoreException.conflict("API key '" + oldKeyId + "' is " + (old.revokedAt != null ? "revoked"
                        : "expired") + ": issue a new key instead of rotating it");
            }
            if (replacement.ownerId() != null && !replacement.ownerId().equals(old.ownerId)) {
                throw StoreException.invalid("the replacement key is for '" + StudioIds.printable(replacement.ownerId())
                        + "', but the old key belongs to '" + old.ownerId + "': rotation keeps the owner");
            }
            ApiKeyRecord created = insert(em, new ApiKeyRecord(null, orgId, old.ownerId, replacement.name(),
                    replacement.prefix(), replacement.digest(), replacement.scopes(), replacement.expiresAt(), null, null,
                    null));
            long end = now + overlap.toMillis();
            old.expiresAt = old.expiresAt == null ? end : Math.min(old.expiresAt, end);
            return created;
        });
    }
}
