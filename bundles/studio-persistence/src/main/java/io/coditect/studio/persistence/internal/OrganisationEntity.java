package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import io.coditect.studio.api.tenancy.Organisation;

@Entity
@Table(name = "organisations")
public class OrganisationEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "name")
    String name;

    @Column(name = "created_at")
    long createdAt;

    protected OrganisationEntity() {
    }

    OrganisationEntity(String id, String name, long createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
    }

    Organisation toRecord() {
        return new Organisation(id, name, Check.instant(createdAt));
    }
}
