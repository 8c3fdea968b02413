package io.coditect.studio.security.internal.token;

import java.time.Instant;

/**
 * What a verified access token says.
 *
 * @param session   the login session it belongs to
 * @param tokenId   the {@code jti} claim
 * @param issuedAt  the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @param keyId     the signing key's id ({@code kid} header)
 */
public record AccessClaims(LoginSession session, String tokenId, Instant issuedAt, Instant expiresAt, String keyId) {
}
