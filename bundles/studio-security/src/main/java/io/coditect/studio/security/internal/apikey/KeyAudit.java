package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.Caller;
import java.util.Map;

/** The audit events of key management; details never hold a secret or a digest. */
final class KeyAudit {

    static final String CROSS_TENANT = "access.cross-tenant";

    private final AuditLog log;

    KeyAudit(AuditLog log) {
        this.log = log;
    }

    static String target(String keyId) {
        return "apikey/" + StudioIds.printable(keyId);
    }

    void success(Caller caller, String action, String target, Map<String, String> details) {
        log.append(AuditEvent.by(caller, action, target, AuditOutcome.SUCCESS, details));
    }

    /**
     * Records a refused attempt; if even that fails, the failure rides along on {@code refusal},
     * which the caller throws as it would have.
     */
    <E extends RuntimeException> E denied(Caller caller, String action, String target, Map<String, String> details,
            E refusal) {
        return log.appendRefusal(AuditEvent.by(caller, action, target, AuditOutcome.DENIED, details), refusal);
    }
}
