package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.Role;

@Entity
@Table(name = "memberships")
@IdClass(MembershipKey.class)
public class MembershipEntity {

    /** {@link #scopeKey} of a role of the whole organisation; no team id can be {@code *}. */
    static final String ORGANISATION_SCOPE = "*";

    @Id
    @Column(name = "org_id")
    String orgId;

    @Id
    @Column(name = "user_id")
    String userId;

    /** The team id, or {@code *}: a key column cannot be null, and one role per user and scope is the rule. */
    @Id
    @Column(name = "scope_key")
    String scopeKey;

    @Column(name = "team_id")
    String teamId;

    @Enumerated(EnumType.STRING)
    @Column(name = "role")
    Role role;

    @Column(name = "granted_at")
    long grantedAt;

    protected MembershipEntity() {
    }

    MembershipEntity(String orgId, String userId, String teamId, Role role, long grantedAt) {
        this.orgId = orgId;
        this.userId = userId;
        this.scopeKey = scopeKey(teamId);
        this.teamId = teamId;
        this.role = role;
        this.grantedAt = grantedAt;
    }

    static String scopeKey(String teamId) {
        return teamId == null ? ORGANISATION_SCOPE : teamId;
    }

    Membership toRecord() {
        return new Membership(orgId, userId, teamId, role, Check.instant(grantedAt));
    }
}
