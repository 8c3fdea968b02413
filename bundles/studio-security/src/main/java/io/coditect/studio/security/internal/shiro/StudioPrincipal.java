package io.coditect.studio.security.internal.shiro;

import io.coditect.studio.api.security.Credential;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * Who a realm found behind a credential, before roles are read.
 *
 * @param orgId        the organisation
 * @param userId       the user, or the owner of an API key
 * @param credential   how it was proved
 * @param credentialId the login session id of a token, the API key's id, or null for a password
 *                     (the session is started after the login)
 * @param scopes       an API key's scopes; empty otherwise
 */
public record StudioPrincipal(String orgId, String userId, Credential credential, String credentialId,
        Set<String> scopes) implements Serializable {

    public StudioPrincipal {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(credential, "credential");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }
}
