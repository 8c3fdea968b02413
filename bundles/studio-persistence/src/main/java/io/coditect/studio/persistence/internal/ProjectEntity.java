package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

import io.coditect.studio.api.tenancy.Project;

@Entity
@Table(name = "projects")
@IdClass(OrgScopedKey.class)
public class ProjectEntity {

    @Id
    @Column(name = "org_id")
    String orgId;

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "team_id")
    String teamId;

    @Column(name = "name")
    String name;

    @Column(name = "description")
    String description;

    @Column(name = "created_by")
    String createdBy;

    @Column(name = "created_at")
    long createdAt;

    protected ProjectEntity() {
    }

    ProjectEntity(String orgId, String id, String teamId, String name, String description, String createdBy,
            long createdAt) {
        this.orgId = orgId;
        this.id = id;
        this.teamId = teamId;
        this.name = name;
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    Project toRecord() {
        return new Project(orgId, id, teamId, name, description, createdBy, Check.instant(createdAt));
    }
}
