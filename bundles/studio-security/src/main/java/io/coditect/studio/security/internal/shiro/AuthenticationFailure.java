package io.coditect.studio.security.internal.shiro;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import java.time.Duration;

/**
 * A refused credential inside Shiro: Shiro passes its own exception type through unchanged, so a
 * realm's reason reaches the caller. Also carries what the audit log records and the caller must
 * not learn (why exactly, and which user).
 */
public final class AuthenticationFailure extends org.apache.shiro.authc.AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final Duration retryAfter;
    private final String detail;
    private final String userId;

    /**
     * @param detail for the audit log, for example {@code wrong-password}
     * @param userId the user concerned, when known
     */
    public AuthenticationFailure(Reason reason, String message, Duration retryAfter, String detail, String userId) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
        this.detail = detail;
        this.userId = userId;
    }

    /** Wraps an exception of the studio's API, keeping its reason and message. */
    public static AuthenticationFailure of(AuthenticationException e, String detail, String userId) {
        return new AuthenticationFailure(e.reason(), e.getMessage(), e.retryAfter(), detail, userId);
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    public String userId() {
        return userId;
    }

    /** What the caller is told. */
    public AuthenticationException toApiException() {
        return new AuthenticationException(reason, getMessage(), retryAfter);
    }
}
