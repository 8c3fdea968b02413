package io.coditect.studio.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditOutcome;

@Entity
@Table(name = "audit_events")
public class AuditEventEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "org_id")
    String orgId;

    @Column(name = "actor")
    String actor;

    @Column(name = "action")
    String action;

    @Column(name = "target")
    String target;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome")
    AuditOutcome outcome;

    @Column(name = "source_address")
    String sourceAddress;

    @Column(name = "occurred_at")
    long occurredAt;

    /** A flat JSON object of strings ({@link FlatJson}), or null when there are none. */
    @Column(name = "details")
    String details;

    protected AuditEventEntity() {
    }

    AuditEventEntity(String id, String orgId, String actor, String action, String target, AuditOutcome outcome,
            String sourceAddress, long occurredAt, String details) {
        this.id = id;
        this.orgId = orgId;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.outcome = outcome;
        this.sourceAddress = sourceAddress;
        this.occurredAt = occurredAt;
        this.details = details;
    }

    AuditEvent toRecord() {
        return new AuditEvent(id, orgId, actor, action, target, outcome, sourceAddress, Check.instant(occurredAt),
                details == null ? null : FlatJson.parse(details));
    }
}
