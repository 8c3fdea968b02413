package io.coditect.studio.persistence.internal;

import java.math.BigDecimal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import io.coditect.studio.api.usage.UsageRecord;

@Entity
@Table(name = "usage_records")
public class UsageEntity {

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

    @Column(name = "session_id")
    String sessionId;

    @Column(name = "provider")
    String provider;

    @Column(name = "model")
    String model;

    @Column(name = "input_tokens")
    long inputTokens;

    @Column(name = "output_tokens")
    long outputTokens;

    @Column(name = "cached_input_tokens")
    long cachedInputTokens;

    @Column(name = "cost")
    BigDecimal cost;

    @Column(name = "occurred_at")
    long occurredAt;

    protected UsageEntity() {
    }

    UsageEntity(String id, UsageRecord r, String model, BigDecimal cost, long occurredAt) {
        this.id = id;
        this.orgId = r.orgId();
        this.teamId = r.teamId();
        this.userId = r.userId();
        this.projectId = r.projectId();
        this.sessionId = r.sessionId();
        this.provider = r.provider();
        this.model = model;
        this.inputTokens = r.inputTokens();
        this.outputTokens = r.outputTokens();
        this.cachedInputTokens = r.cachedInputTokens();
        this.cost = cost;
        this.occurredAt = occurredAt;
    }

    UsageRecord toRecord() {
        return new UsageRecord(id, orgId, teamId, userId, projectId, sessionId, provider, model, inputTokens,
                outputTokens, cachedInputTokens, JpaUsageStore.scaled(cost), Check.instant(occurredAt));
    }
}
