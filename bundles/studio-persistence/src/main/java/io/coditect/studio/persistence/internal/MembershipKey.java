package io.coditect.studio.persistence.internal;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of a membership: organisation, user and scope (a team id or {@code *}). */
public final class MembershipKey implements Serializable {

    private static final long serialVersionUID = 1L;

    String orgId;
    String userId;
    String scopeKey;

    public MembershipKey() {
    }

    MembershipKey(String orgId, String userId, String scopeKey) {
        this.orgId = orgId;
        this.userId = userId;
        this.scopeKey = scopeKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MembershipKey k && Objects.equals(orgId, k.orgId) && Objects.equals(userId, k.userId)
                && Objects.equals(scopeKey, k.scopeKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orgId, userId, scopeKey);
    }
}
