package io.coditect.studio.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns credentials into a {@link Caller} and manages login sessions. Every failure is an
 * {@link AuthenticationException}. Logins, refreshes and logouts are written to the audit log,
 * successes and failures alike; checking the credential of each request is not (it would cost a
 * database write per request).
 */
@ProviderType
public interface Authenticator {

    /**
     * Resolves a presented credential: a session JWT or an API key (the value after
     * {@code Bearer }). Roles are read fresh, so a revoked role stops working at once.
     */
    Caller authenticate(String credential, String sourceAddress);

    /**
     * Logs in with a password. Failures for unknown users, wrong passwords and disabled users look
     * the same to the caller; repeated failures are throttled per account and per address.
     */
    TokenPair login(String orgId, String email, char[] password, String sourceAddress);

    /** Exchanges a refresh token for a new pair; the old refresh token stops working. */
    TokenPair refresh(String refreshToken, String sourceAddress);

    /**
     * Ends the caller's login session: its access and refresh tokens fail from now on and
     * {@link RevocationListener}s are told, so open streams of the session close.
     */
    void logout(Caller caller);
}
