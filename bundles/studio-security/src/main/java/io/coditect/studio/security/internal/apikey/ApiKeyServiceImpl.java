package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.ApiKeyIssued;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.RevocationListener;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API key management for the caller's organisation, in this order: the key (or owner) is looked up
 * in the caller's organisation only, then the caller's role is checked, then the input.
 *
 * <p>A key id that is not in the caller's organisation is "not found", exactly like one that does
 * not exist, and audited as {@code access.cross-tenant} (DENIED): the ids are random, so a miss is
 * a stale id or a guess, and the store cannot (by design) tell which organisation an id belongs to.
 * Refusals by role are audited with the action tried. Rotation issues a key, which the matrix
 * leaves to organisation admins; owners may read and revoke their own keys.
 */
public final class ApiKeyServiceImpl implements ApiKeyService {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyServiceImpl.class);

    private final ApiKeyStore keys;
    private final TenancyStore tenancy;
    private final AccessPolicy policy;
    private final KeyAudit audit;
    private final ApiKeyCodec codec;
    private final Clock clock;
    private final RevocationListener onRevoke;

    public ApiKeyServiceImpl(ApiKeyStore keys, TenancyStore tenancy, AccessPolicy policy, AuditLog audit,
            ApiKeyCodec codec, Clock clock, RevocationListener onRevoke) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tenancy = Objects.requireNonNull(tenancy, "tenancy");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.audit = new KeyAudit(Objects.requireNonNull(audit, "audit"));
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onRevoke = Objects.requireNonNull(onRevoke, "onRevoke");
    }

    @Override
    public ApiKeyIssued issue(Caller caller, String ownerId, String name, Set<String> scopes, Instant expiresAt) {
        String orgId = caller.orgId();
        User owner = owner(caller, ownerId);
        check(caller, Operation.CREATE, Target.owned(orgId, null, owner.id()), "apikey.issue", "user/" + owner.id());
        String validName = KeyRules.name(name);
        Set<String> validScopes = KeyRules.scopes(scopes);
        Instant expiry = KeyRules.expiry(expiresAt, clock.instant());
        if (owner.disabled()) {
            throw StoreException.conflict("user '" + owner.id() + "' is disabled: enable the user before issuing keys"
                    + " for it");
        }
        ApiKeyCodec.Generated generated = codec.generate(orgId);
        ApiKeyRecord stored = keys.create(ApiKeyRecord.of(orgId, owner.id(), validName, generated.prefix(),
                codec.digest(generated.fullKey()), validScopes, expiry));
        audit.success(caller, "apikey.issue", KeyAudit.target(stored.id()), describe(stored));
        return new ApiKeyIssued(stored, generated.fullKey());
    }

    @Override
    public Page<ApiKeyRecord> list(Caller caller, ApiKeyFilter filter, PageRequest page) {
        String orgId = caller.orgId();
        ApiKeyFilter f = filter == null ? ApiKeyFilter.ALL : filter;
        // a target without owner passes only for those who may read every key (organisation admins)
        if (!policy.allows(caller, Resource.API_KEY, Operation.READ, Target.organisation(orgId))) {
            check(caller, Operation.READ, Target.owned(orgId, null, caller.userId()), "apikey.list",
                    "user/" + caller.userId());
            f = f.withOwner(caller.userId());
        }
        return keys.list(orgId, f, page);
    }

    @Override
    public ApiKeyRecord find(Caller caller, String keyId) {
        ApiKeyRecord key = existing(caller, keyId, "apikey.read");
        check(caller, Operation.READ, ownedBy(key), "apikey.read", KeyAudit.target(key.id()));
        return key;
    }

    @Override
    public ApiKeyRecord revoke(Caller caller, String keyId) {
        ApiKeyRecord key = existing(caller, keyId, "apikey.revoke");
        check(caller, Operation.DELETE, ownedBy(key), "apikey.revoke", KeyAudit.target(key.id()));
        ApiKeyRecord revoked = keys.revoke(key.orgId(), key.id());
        audit.success(caller, "apikey.revoke", KeyAudit.target(key.id()), Map.of("owner", key.ownerId()));
        tellRevoked(revoked);
        return revoked;
    }

    @Override
    public ApiKeyIssued rotate(Caller caller, String keyId, Duration overlap) {
        ApiKeyRecord old = existing(caller, keyId, "apikey.rotate");
        check(caller, Operation.CREATE, ownedBy(old), "apikey.rotate", KeyAudit.target(old.id()));
        check(caller, Operation.DELETE, ownedBy(old), "apikey.rotate", KeyAudit.target(old.id()));
        Duration validOverlap = KeyRules.overlap(overlap);
        ApiKeyCodec.Generated generated = codec.generate(old.orgId());
        ApiKeyRecord replacement = keys.rotate(old.orgId(), old.id(), ApiKeyRecord.of(old.orgId(), old.ownerId(),
                old.name(), generated.prefix(), codec.digest(generated.fullKey()), old.scopes(), lifetimeOf(old)),
                validOverlap);
        Map<String, String> details = describe(replacement);
        details.put("replacement", replacement.id());
        details.put("overlap", validOverlap.toString());
        audit.success(caller, "apikey.rotate", KeyAudit.target(old.id()), details);
        return new ApiKeyIssued(replacement, generated.fullKey());
    }

    /** The replacement lives as long as the old key was meant to, counted from now. */
    private Instant lifetimeOf(ApiKeyRecord old) {
        if (old.expiresAt() == null || old.createdAt() == null) {
            return null;
        }
        Instant now = clock.instant();
        Instant expiry = now.plus(Duration.between(old.createdAt(), old.expiresAt()));
        Instant latest = KeyRules.latestExpiry(now);
        return expiry.isAfter(latest) ? latest : expiry;
    }

    private User owner(Caller caller, String ownerId) {
        if (ownerId == null) {
            throw StoreException.invalid("the key owner is missing: give the id of a user of organisation '"
                    + caller.orgId() + "'");
        }
        return tenancy.findUser(caller.orgId(), ownerId).orElseThrow(() -> notFound(caller, "apikey.issue",
                "user/" + StudioIds.printable(ownerId), "user '" + StudioIds.printable(ownerId) + "' not found"));
    }

    private ApiKeyRecord existing(Caller caller, String keyId, String action) {
        return keys.find(caller.orgId(), keyId).orElseThrow(() -> notFound(caller, action, KeyAudit.target(keyId),
                "API key '" + StudioIds.printable(keyId) + "' not found"));
    }

    private StoreException notFound(Caller caller, String action, String target, String message) {
        return audit.denied(caller, KeyAudit.CROSS_TENANT, target, Map.of("action", action, "reason", "unknown-id"),
                StoreException.notFound(message));
    }

    private void check(Caller caller, Operation operation, Target target, String action, String auditTarget) {
        try {
            policy.check(caller, Resource.API_KEY, operation, target);
        } catch (AccessDeniedException e) {
            throw audit.denied(caller, action, auditTarget, Map.of("reason", e.getMessage()), e);
        }
    }

    private static Target ownedBy(ApiKeyRecord key) {
        return Target.owned(key.orgId(), null, key.ownerId());
    }

    private static Map<String, String> describe(ApiKeyRecord key) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("owner", key.ownerId());
        details.put("name", key.name());
        details.put("prefix", key.prefix());
        details.put("scopes", key.scopes().isEmpty() ? "(none)" : String.join(" ", key.scopes()));
        if (key.expiresAt() != null) {
            details.put("expiresAt", key.expiresAt().toString());
        }
        return details;
    }

    // the key is revoked whatever a listener does; a failing listener must not turn that into an error
    private void tellRevoked(ApiKeyRecord key) {
        try {
            onRevoke.revoked(key.orgId(), key.id());
        } catch (RuntimeException e) {
            LOG.warn("a revocation listener failed for API key {} of organisation {}; streams opened with it may stay"
                    + " open until they next check the key", key.id(), key.orgId(), e);
        }
    }
}
