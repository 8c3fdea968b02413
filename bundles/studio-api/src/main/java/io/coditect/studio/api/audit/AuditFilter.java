package io.coditect.studio.api.audit;

import java.time.Instant;

/**
 * Which audit events to return; null fields do not filter.
 *
 * @param actor        only this actor
 * @param actionPrefix only actions equal to this or starting with it and a dot ({@code auth} matches
 *                     {@code auth.login} but not {@code authz.check})
 * @param target       only this target
 * @param outcome      only this outcome
 * @param from         from this instant on (inclusive)
 * @param to           before this instant (exclusive)
 */
public record AuditFilter(String actor, String actionPrefix, String target, AuditOutcome outcome, Instant from,
        Instant to) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);

    public AuditFilter withActor(String newActor) {
        return new AuditFilter(newActor, actionPrefix, target, outcome, from, to);
    }

    public AuditFilter withAction(String newActionPrefix) {
        return new AuditFilter(actor, newActionPrefix, target, outcome, from, to);
    }

    public AuditFilter withTarget(String newTarget) {
        return new AuditFilter(actor, actionPrefix, newTarget, outcome, from, to);
    }

    public AuditFilter withOutcome(AuditOutcome newOutcome) {
        return new AuditFilter(actor, actionPrefix, target, newOutcome, from, to);
    }

    public AuditFilter between(Instant newFrom, Instant newTo) {
        return new AuditFilter(actor, actionPrefix, target, outcome, newFrom, newTo);
    }
}
