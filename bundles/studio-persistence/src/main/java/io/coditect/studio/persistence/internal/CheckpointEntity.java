package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import io.coditect.studio.api.session.CheckpointRecord;

@Entity
@Table(name = "checkpoints")
public class CheckpointEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "org_id")
    String orgId;

    @Column(name = "session_id")
    String sessionId;

    @Column(name = "commit_id")
    String commitId;

    @Column(name = "message")
    String message;

    @Column(name = "created_by")
    String createdBy;

    @Column(name = "created_at")
    long createdAt;

    protected CheckpointEntity() {
    }

    CheckpointEntity(String id, String orgId, String sessionId, String commitId, String message, String createdBy,
            long createdAt) {
        this.id = id;
        this.orgId = orgId;
        this.sessionId = sessionId;
        this.commitId = commitId;
        this.message = message;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    CheckpointRecord toRecord() {
        return new CheckpointRecord(id, orgId, sessionId, commitId, message, createdBy, Check.instant(createdAt));
    }
}
