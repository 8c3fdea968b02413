package io.coditect.studio.security.internal.token;

import io.coditect.studio.api.security.Credential;
import java.util.Objects;

/**
 * A login session: what every token issued for one login (and its refreshes) shares.
 *
 * @param sessionId  a random UUID, the {@code sid} claim; logout revokes it
 * @param orgId      the user's organisation
 * @param userId     the user
 * @param credential how the user logged in ({@link Credential#PASSWORD} or {@link Credential#SSO})
 */
public record LoginSession(String sessionId, String orgId, String userId, Credential credential) {

    public LoginSession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(credential, "credential");
    }
}
