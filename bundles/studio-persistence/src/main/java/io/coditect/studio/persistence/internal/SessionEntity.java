package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionState;

@Entity
@Table(name = "sessions")
public class SessionEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "org_id")
    String orgId;

    @Column(name = "team_id")
    String teamId;

    @Column(name = "user_id")
    String userId;

    @Column(name = "project_id")
    String projectId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind")
    SessionKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "state")
    SessionState state;

    @Column(name = "title")
    String title;

    @Column(name = "created_at")
    long createdAt;

    @Column(name = "last_active_at")
    long lastActiveAt;

    @Column(name = "ended_at")
    Long endedAt;

    protected SessionEntity() {
    }

    SessionEntity(String id, String orgId, String teamId, String userId, String projectId, SessionKind kind,
            SessionState state, String title, long createdAt) {
        this.id = id;
        this.orgId = orgId;
        this.teamId = teamId;
        this.userId = userId;
        this.projectId = projectId;
        this.kind = kind;
        this.state = state;
        this.title = title;
        this.createdAt = createdAt;
        this.lastActiveAt = createdAt;
    }

    SessionRecord toRecord() {
        return new SessionRecord(id, orgId, teamId, userId, projectId, kind, state, title, Check.instant(createdAt),
                Check.instant(lastActiveAt), Check.instant(endedAt));
    }
}
