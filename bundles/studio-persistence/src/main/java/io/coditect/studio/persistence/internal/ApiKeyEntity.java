package io.coditect.studio.persistence.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import io.coditect.studio.api.apikey.ApiKeyRecord;

@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "org_id")
    String orgId;

    @Column(name = "owner_id")
    String ownerId;

    @Column(name = "name")
    String name;

    @Column(name = "prefix")
    String prefix;

    @Column(name = "digest")
    String digest;

    /** Space-separated, sorted: scopes are a set and never contain blanks. */
    @Column(name = "scopes")
    String scopes;

    @Column(name = "expires_at")
    Long expiresAt;

    @Column(name = "created_at")
    long createdAt;

    @Column(name = "last_used_at")
    Long lastUsedAt;

    @Column(name = "revoked_at")
    Long revokedAt;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(String id, String orgId, String ownerId, String name, String prefix, String digest,
            Set<String> scopes, Long expiresAt, long createdAt) {
        this.id = id;
        this.orgId = orgId;
        this.ownerId = ownerId;
        this.name = name;
        this.prefix = prefix;
        this.digest = digest;
        this.scopes = String.join(" ", new TreeSet<>(scopes));
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
    }

    ApiKeyRecord toRecord() {
        Set<String> s = scopes == null || scopes.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(scopes.split(" ")));
        return new ApiKeyRecord(id, orgId, ownerId, name, prefix, digest, s, Check.instant(expiresAt),
                Check.instant(createdAt), Check.instant(lastUsedAt), Check.instant(revokedAt));
    }
}
