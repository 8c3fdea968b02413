package io.coditect.studio.security.internal.token;

import io.coditect.studio.api.security.AuthenticationException;

/**
 * A refresh token that was not accepted, with the login session it belonged to when that is known
 * (for the audit log) and whether the session was revoked because of it.
 */
public final class RefreshRejected extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final transient LoginSession session;
    private final boolean sessionRevoked;

    RefreshRejected(Reason reason, String message, LoginSession session, boolean sessionRevoked) {
        super(reason, message);
        this.session = session;
        this.sessionRevoked = sessionRevoked;
    }

    /** The session of the token, or null for a token the studio does not know. */
    public LoginSession session() {
        return session;
    }

    /** Whether presenting the token revoked its session (it had been used before: stolen). */
    public boolean sessionRevoked() {
        return sessionRevoked;
    }
}
