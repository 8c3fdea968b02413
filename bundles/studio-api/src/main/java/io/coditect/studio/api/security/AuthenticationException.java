package io.coditect.studio.api.security;

import java.time.Duration;
import java.util.Objects;

/**
 * A credential was missing or not accepted (HTTP 401, or 429 when {@link Reason#THROTTLED}). The
 * message says what to do and never says whether an account exists.
 */
public class AuthenticationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** No credential was presented. */
        MISSING,
        /** Unknown user, wrong password, malformed or forged token or key. */
        INVALID,
        /** The token or key has expired. */
        EXPIRED,
        /** The token or key was revoked (logout, key revocation). */
        REVOKED,
        /** The account is disabled. */
        DISABLED,
        /** Too many failed attempts for the account or the address; see {@link #retryAfter()}. */
        THROTTLED
    }

    private final Reason reason;
    private final Duration retryAfter;

    public AuthenticationException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter;
    }

    public AuthenticationException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#THROTTLED}: how long to wait; otherwise null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
