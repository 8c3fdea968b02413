package io.coditect.studio.plugins.internal;

import java.util.HashMap;
import java.util.Map;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may administer plugins, and the audit trail of what they did: only studio administrators
 * (organisation admins of the system organisation, and the console), and of API keys only those
 * with the scope {@code *}, since a plugin runs with every right of the studio.
 */
final class AdminGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AdminGuard.class);
    private static final int REASON_MAX = 1000;

    private final AuditLog audit;

    AdminGuard(AuditLog audit) {
        this.audit = audit;
    }

    /** @throws AccessDeniedException after auditing the refusal */
    void require(Caller caller, String action, String target) {
        if (caller == null) {
            throw new AccessDeniedException("plugin administration needs a caller");
        }
        String refusal = null;
        if (!caller.studioAdmin()) {
            refusal = "Plugin administration needs a studio administrator (an organisation admin of the system"
                    + " organisation).";
        } else if (caller.credential() == Credential.API_KEY && !caller.scopes().contains("*")) {
            refusal = "Plugin administration with an API key needs the scope '*'.";
        }
        if (refusal != null) {
            throw audit.appendRefusal(AuditEvent.by(caller, action, target, AuditOutcome.DENIED, Map.of()),
                    new AccessDeniedException(refusal));
        }
    }

    void success(Caller caller, String action, String target, Map<String, String> details) {
        record(AuditEvent.by(caller, action, target, AuditOutcome.SUCCESS, details));
    }

    void failure(Caller caller, String action, String target, Map<String, String> details, RuntimeException why) {
        Map<String, String> d = new HashMap<>(details);
        String reason = String.valueOf(why.getMessage()).replaceAll("\\p{Cntrl}", " ");
        d.put("reason", reason.length() > REASON_MAX ? reason.substring(0, REASON_MAX) + "…" : reason);
        record(AuditEvent.by(caller, action, target, AuditOutcome.FAILURE, d));
    }

    // an audit failure must not hide what happened to the plugin: the change is done (or refused) either way
    private void record(AuditEvent event) {
        try {
            audit.append(event);
        } catch (RuntimeException e) {
            LOG.error("audit event {} {} could not be written", event.action(), event.target(), e);
        }
    }
}
