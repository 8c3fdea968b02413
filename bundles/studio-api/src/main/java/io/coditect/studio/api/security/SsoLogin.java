package io.coditect.studio.api.security;

import java.net.URI;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Single sign-on with OpenID Connect or OAuth 2 identity providers (authorization code flow with
 * PKCE). Identities are mapped to users of one organisation per configured provider; group or role
 * claims become memberships.
 */
@ProviderType
public interface SsoLogin {

    /**
     * A configured identity provider.
     *
     * @param id          the provider's id in URLs, for example {@code github}
     * @param displayName for the login button
     * @param orgId       the organisation its users belong to
     */
    record Provider(String id, String displayName, String orgId) {
    }

    /**
     * Where to send the browser.
     *
     * @param authorizationUri the identity provider's authorization URL with state, nonce and PKCE challenge
     * @param state            the value the callback must carry back
     */
    record Redirect(URI authorizationUri, String state) {
    }

    List<Provider> providers();

    /**
     * Starts a login with provider {@code providerId}; {@code callbackUri} is where the provider
     * sends the browser back. {@code IllegalArgumentException} for an unknown provider.
     */
    Redirect begin(String providerId, URI callbackUri);

    /**
     * Completes a login from the provider's callback: exchanges the code (with the PKCE verifier),
     * validates the ID token, finds or creates the user, applies mapped memberships and issues a
     * session.
     *
     * @throws AuthenticationException for an unknown or expired state, an error returned by the
     *                                 provider or a token that fails validation
     */
    TokenPair complete(String state, String code, String error, String sourceAddress);
}
