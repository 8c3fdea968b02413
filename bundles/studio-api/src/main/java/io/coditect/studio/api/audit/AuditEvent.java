package io.coditect.studio.api.audit;

import io.coditect.studio.api.security.Caller;
import java.time.Instant;
import java.util.Map;

/**
 * One audited action.
 *
 * @param id            UUID set by the store
 * @param orgId         the organisation it concerns, or null for an event of the studio itself (for
 *                      example a failed login that names no known organisation)
 * @param actor         who acted: a user id, {@code apikey:<id>}, {@code system}, or the login name
 *                      tried; 1 to 200 characters
 * @param action        what was done, lower-case words separated by dots, for example
 *                      {@code auth.login} or {@code membership.grant}; 1 to 100 characters
 * @param target        the object acted on, for example {@code project/web}, or null
 * @param outcome       how it ended
 * @param sourceAddress the client's IP address, or null
 * @param occurredAt    when; now when null
 * @param details       further facts, names of 1 to 64 of {@code [A-Za-z0-9_.-]}; never secrets
 */
public record AuditEvent(String id, String orgId, String actor, String action, String target, AuditOutcome outcome,
        String sourceAddress, Instant occurredAt, Map<String, String> details) {

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /**
     * An event of an authenticated caller: organisation, actor ({@link Caller#actor()}) and source
     * address come from the caller.
     */
    public static AuditEvent by(Caller caller, String action, String target, AuditOutcome outcome,
            Map<String, String> details) {
        return of(caller.orgId(), caller.actor(), action, target, outcome, caller.sourceAddress(), details);
    }

    /** An event to append; the store sets id and, when null, the time. */
    public static AuditEvent of(String orgId, String actor, String action, String target, AuditOutcome outcome,
            String sourceAddress, Map<String, String> details) {
        return new AuditEvent(null, orgId, actor, action, target, outcome, sourceAddress, null, details);
    }
}
