package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

import io.coditect.studio.api.tenancy.User;

@Entity
@Table(name = "users")
@IdClass(OrgScopedKey.class)
public class UserEntity {

    @Id
    @Column(name = "org_id")
    String orgId;

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "email")
    String email;

    @Column(name = "display_name")
    String displayName;

    @Column(name = "disabled")
    boolean disabled;

    @Column(name = "password_hash")
    String passwordHash;

    @Column(name = "created_at")
    long createdAt;

    protected UserEntity() {
    }

    UserEntity(String orgId, String id, String email, String displayName, long createdAt) {
        this.orgId = orgId;
        this.id = id;
        this.email = email;
        this.displayName = displayName;
        this.createdAt = createdAt;
    }

    User toRecord() {
        return new User(orgId, id, email, displayName, disabled, Check.instant(createdAt));
    }
}
