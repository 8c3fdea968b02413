package io.coditect.studio.security.internal.sso;

import java.net.URI;
import java.time.Instant;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;

/**
 * A login sent to the identity provider and not yet back. The PKCE verifier and the nonce never
 * leave the server: only the challenge and the nonce travel in the authorization URL, and the
 * verifier goes to the token endpoint directly.
 *
 * @param redirectUri the callback URL as sent; the token request must repeat it exactly
 */
record PendingLogin(State state, String providerId, Nonce nonce, CodeVerifier verifier, URI redirectUri,
        Instant startedAt) {

    @Override
    public String toString() {
        return "PendingLogin[provider=" + providerId + ", startedAt=" + startedAt + "]";
    }
}
