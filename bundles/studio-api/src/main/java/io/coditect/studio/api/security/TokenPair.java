package io.coditect.studio.api.security;

import java.time.Instant;

/**
 * The tokens of a login session.
 *
 * @param accessToken      a signed JWT to send as {@code Authorization: Bearer …}
 * @param accessExpiresAt  when the access token stops working (one hour after issue by default)
 * @param refreshToken     an opaque token that buys a new pair once; keep it secret
 * @param refreshExpiresAt when the refresh token stops working
 * @param sessionId        the login session both tokens belong to; logout revokes it
 */
public record TokenPair(String accessToken, Instant accessExpiresAt, String refreshToken, Instant refreshExpiresAt,
        String sessionId) {

    @Override
    public String toString() {
        // never print the tokens themselves
        return "TokenPair[session=" + sessionId + ", accessExpiresAt=" + accessExpiresAt + "]";
    }
}
