package io.coditect.studio.security.internal.sso;

import io.coditect.studio.api.security.AuthenticationException;

/**
 * A login that cannot go on. Carries what the person is told, the reason of the resulting
 * {@link AuthenticationException} and a short code for the audit trail; none of them holds a code,
 * token or secret.
 */
final class SsoFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final AuthenticationException.Reason reason;
    private final String auditReason;

    SsoFailure(AuthenticationException.Reason reason, String auditReason, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.auditReason = auditReason;
    }

    static SsoFailure invalid(String auditReason, String message) {
        return new SsoFailure(AuthenticationException.Reason.INVALID, auditReason, message);
    }

    AuthenticationException.Reason reason() {
        return reason;
    }

    /** Lower-case words with underscores, for example {@code id_token_invalid}. */
    String auditReason() {
        return auditReason;
    }

    AuthenticationException toAuthenticationException() {
        return new AuthenticationException(reason, getMessage());
    }
}
