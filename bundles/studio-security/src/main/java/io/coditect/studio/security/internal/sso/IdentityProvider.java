package io.coditect.studio.security.internal.sso;

import java.net.URI;

import com.nimbusds.oauth2.sdk.AuthorizationCode;

/** One configured identity provider: builds its authorization URL and turns a code into an identity. */
interface IdentityProvider {

    ProviderSettings settings();

    /**
     * Where to send the browser for {@code login}: the provider's authorization endpoint with
     * state, PKCE challenge (S256) and, for OpenID Connect, the nonce.
     *
     * @throws SsoFailure when the provider's configuration cannot be read (discovery failed)
     */
    URI authorizationUri(PendingLogin login);

    /**
     * Exchanges {@code code} with the PKCE verifier of {@code login} and returns who logged in.
     *
     * @throws SsoFailure when the provider refuses the code, cannot be reached or its answer fails
     *                    validation
     */
    ExternalIdentity authenticate(AuthorizationCode code, PendingLogin login);
}
