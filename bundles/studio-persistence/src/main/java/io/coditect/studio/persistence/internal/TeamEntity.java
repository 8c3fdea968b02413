package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

import io.coditect.studio.api.tenancy.Team;

@Entity
@Table(name = "teams")
@IdClass(OrgScopedKey.class)
public class TeamEntity {

    @Id
    @Column(name = "org_id")
    String orgId;

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "name")
    String name;

    @Column(name = "created_at")
    long createdAt;

    protected TeamEntity() {
    }

    TeamEntity(String orgId, String id, String name, long createdAt) {
        this.orgId = orgId;
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
    }

    Team toRecord() {
        return new Team(orgId, id, name, Check.instant(createdAt));
    }
}
