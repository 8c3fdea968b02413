package io.coditect.studio.security.internal;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.audit.AuditOutcome;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit events of authentication. Values that come from the client (the e-mail tried,
 * the address) are made to fit the audit log's rules instead of failing the login; a failure of
 * the audit log itself is logged and does not change the answer to the client.
 */
final class AuthAudit {

    static final String LOGIN = "auth.login";
    static final String REFRESH = "auth.refresh";
    static final String LOGOUT = "auth.logout";
    static final String SESSION_REVOKE = "auth.session.revoke";
    static final String KEY_ROTATE = "auth.signing-key.rotate";
    static final String FIRST_BOOT_ADMIN = "auth.first-boot-admin";

    private static final Logger LOG = LoggerFactory.getLogger(AuthAudit.class);
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z:.%_\\[\\]-]{1,64}");
    private static final int MAX_ACTOR = 200;

    private final AuditLog log;

    AuthAudit(AuditLog log) {
        this.log = log;
    }

    void record(String orgId, String actor, String action, String target, AuditOutcome outcome, String address,
            Map<String, String> details) {
        try {
            log.append(AuditEvent.of(orgId, actor(actor), action, target, outcome, address(address), details));
        } catch (RuntimeException e) {
            LOG.error("cannot write audit event {} {} for {}: {}", action, outcome, orgId, e.getMessage());
        }
    }

    private static String actor(String actor) {
        if (actor == null || actor.isBlank()) {
            return "unknown";
        }
        String printable = StudioIds.printable(actor.strip());
        return printable.length() > MAX_ACTOR ? printable.substring(0, MAX_ACTOR) : printable;
    }

    private static String address(String address) {
        return address != null && ADDRESS.matcher(address).matches() ? address : null;
    }
}
