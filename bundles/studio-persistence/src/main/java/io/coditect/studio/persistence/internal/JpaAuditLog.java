package io.coditect.studio.persistence.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;

/** {@link AuditLog} on JPA: inserts and queries only; nothing here updates or deletes an event. */
final class JpaAuditLog implements AuditLog {

    static final Pattern ACTION = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    static final Pattern DETAIL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z:.%_\\[\\]-]{1,64}");
    static final int DETAILS_MAX = 4000;

    private final Tx tx;
    private final Clock clock;

    JpaAuditLog(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        Check.required("audit event", event, "pass the event to append");
        String orgId = Check.optionalId("organisation", event.orgId());
        String actor = Check.name("actor", event.actor(), 200);
        String action = Check.token("action", event.action(), ACTION,
                "lower-case words separated by dots, for example auth.login");
        if (action.length() > 100) {
            throw StoreException.invalid("action is " + action.length() + " characters long: at most 100 are allowed");
        }
        String target = Check.optionalText("target", event.target(), 300, false);
        AuditOutcome outcome = Check.required("outcome", event.outcome(), "name one of SUCCESS, FAILURE, DENIED");
        String address = event.sourceAddress() == null ? null : Check.token("source address", event.sourceAddress(),
                ADDRESS, "an IPv4 or IPv6 address");
        String details = details(event.details());
        long at = event.occurredAt() == null ? clock.millis() : event.occurredAt().toEpochMilli();
        AuditEventEntity e = new AuditEventEntity(Ids.next(clock.millis()), orgId, actor, action, target, outcome,
                address, at, details);
        return tx.apply(em -> {
            em.persist(e);
            return e.toRecord();
        });
    }

    private static String details(Map<String, String> details) {
        if (details.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, String> d : details.entrySet()) {
            Check.token("detail name", d.getKey(), DETAIL_NAME, "1 to 64 of A-Z a-z 0-9 _ . -");
            Check.optionalText("detail '" + d.getKey() + "'", d.getValue(), DETAILS_MAX, true);
        }
        String json = FlatJson.write(details);
        if (json.length() > DETAILS_MAX) {
            throw StoreException.invalid("the details of the event take " + json.length() + " characters as JSON: at "
                    + "most " + DETAILS_MAX + " are allowed");
        }
        return json;
    }

    @Override
    public Page<AuditEvent> query(String orgId, AuditFilter filter, PageRequest page) {
        if (!StudioIds.isValid(orgId)) {
            return new Page<>(List.of(), 0, null);
        }
        return page(new Jpql<>(AuditEventEntity.class).where("e.orgId = :org", "org", orgId), filter, page);
    }

    @Override
    public Page<AuditEvent> querySystem(AuditFilter filter, PageRequest page) {
        return page(new Jpql<>(AuditEventEntity.class).where("e.orgId IS NULL", null, null), filter, page);
    }

    private Page<AuditEvent> page(Jpql<AuditEventEntity> q, AuditFilter filter, PageRequest page) {
        AuditFilter f = filter == null ? AuditFilter.ALL : filter;
        q.eq("e.actor", "actor", f.actor()).eq("e.target", "target", f.target()).eq("e.outcome", "outcome", f.outcome())
                .whereIf("e.occurredAt >= :from", "from", f.from() == null ? null : f.from().toEpochMilli())
                .whereIf("e.occurredAt < :to", "to", f.to() == null ? null : f.to().toEpochMilli());
        if (f.actionPrefix() != null) {
            q.where("(e.action = :action OR e.action LIKE :actionPrefix ESCAPE '!')", "action", f.actionPrefix())
                    .param("actionPrefix", Jpql.escapeLike(f.actionPrefix()) + ".%");
        }
        return tx.apply(em -> q.page(em, Jpql.newestFirst("audit", "e.occurredAt", a -> a.occurredAt, "e.id",
                a -> a.id), page, AuditEventEntity::toRecord));
    }
}
