package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.Caller;
import java.util.Map;

/** The audit events of tenancy management, in the organisation the caller acts in. */
public final class AuditTrail {

    /** A request naming another organisation, or an id the caller's organisation does not have. */
    static final String CROSS_TENANT = "access.cross-tenant";

    private final AuditLog log;

    public AuditTrail(AuditLog log) {
        this.log = log;
    }

    /** Inside the change's transaction, so the event is kept only if the change is. */
    public void success(Caller caller, String action, String target, Map<String, String> details) {
        log.append(AuditEvent.by(caller, action, target, AuditOutcome.SUCCESS, details));
    }

    /**
     * Records a refusal (after any rollback); if even that fails, the failure rides along on
     * {@code refusal}, which is returned for the caller to throw as it would have.
     */
    <E extends RuntimeException> E denied(Caller caller, String action, String target, Map<String, String> details,
            E refusal) {
        return log.appendRefusal(AuditEvent.by(caller, action, target, AuditOutcome.DENIED, details), refusal);
    }

    // targets name objects the way the REST paths do; ids from input are made printable

    public static String organisation(String orgId) {
        return "organisation/" + StudioIds.printable(orgId);
    }

    static String team(String teamId) {
        return "team/" + StudioIds.printable(teamId);
    }

    public static String user(String userId) {
        return "user/" + StudioIds.printable(userId);
    }

    static String project(String projectId) {
        return "project/" + StudioIds.printable(projectId);
    }

    static String membership(String userId, String teamId) {
        return teamId == null ? "membership/" + StudioIds.printable(userId)
                : "membership/" + StudioIds.printable(userId) + "/" + StudioIds.printable(teamId);
    }
}
