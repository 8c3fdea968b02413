package io.coditect.studio.security.internal.sso;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID Connect provider (also Google): authorization code flow with PKCE and nonce; the
 * identity comes from the validated ID token (issuer, audience, signature with the provider's
 * keys, nonce, expiry).
 */
final class OidcIdentityProvider implements IdentityProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OidcIdentityProvider.class);

    private final ProviderSettings settings;
    private final OidcDiscovery discovery;
    private final ProviderHttp http;

    OidcIdentityProvider(ProviderSettings settings, Clock clock) {
        this.settings = settings;
        this.discovery = new OidcDiscovery(settings, clock);
        this.http = new ProviderHttp(settings);
    }

    @Override
    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public URI authorizationUri(PendingLogin login) {
        OIDCProviderMetadata metadata = discovery.get().metadata();
        return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), settings.scope(),
                settings.clientId(), login.redirectUri())
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(login.state())
                .nonce(login.nonce())
                .codeChallenge(login.verifier(), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    @Override
    public ExternalIdentity authenticate(AuthorizationCode code, PendingLogin login) {
        OidcDiscovery.Discovered discovered = discovery.get();
        OIDCTokenResponse tokens = exchange(code, login, discovered.metadata());
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        if (idToken == null) {
            LOG.warn("Single sign-on provider '{}' answered the token request without an ID token; is 'openid' among"
                    + " the scopes?", settings.id());
            throw SsoFailure.invalid("id_token_missing", "The identity provider " + settings.displayName()
                    + " did not say who logged in; ask an administrator to check the provider's scopes.");
        }
        IDTokenClaimsSet claims;
        try {
            claims = discovered.validator().validate(idToken, login.nonce());
        } catch (BadJOSEException | JOSEException e) {
            // the reason (audience, nonce, signature, expiry) is for the log; it names no secret
            LOG.warn("Single sign-on provider '{}': ID token rejected: {}", settings.id(), e.getMessage());
            throw SsoFailure.invalid("id_token_invalid", "The identity provider " + settings.displayName()
                    + " sent a login that could not be verified; start the login again.");
        }
        return identity(claims);
    }

    private OIDCTokenResponse exchange(AuthorizationCode code, PendingLogin login, OIDCProviderMetadata metadata) {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, login.redirectUri(), login.verifier());
        URI endpoint = metadata.getTokenEndpointURI();
        TokenRequest request;
        if (settings.clientSecret() == null) {
            request = new TokenRequest.Builder(endpoint, settings.clientId(), grant).build();
        } else if (postOnly(metadata)) {
            request = new TokenRequest.Builder(endpoint, new ClientSecretPost(settings.clientId(), settings.clientSecret()),
                    grant).build();
        } else {
            request = new TokenRequest.Builder(endpoint, new ClientSecretBasic(settings.clientId(), settings.clientSecret()),
                    grant).build();
        }
        HTTPResponse response = http.send(request.toHTTPRequest(), "token endpoint");
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            LOG.warn("Single sign-on provider '{}': unreadable answer of the token endpoint (HTTP {}): {}",
                    settings.id(), response.getStatusCode(), e.getMessage());
            throw SsoFailure.invalid("token_response_invalid", "The identity provider " + settings.displayName()
                    + " gave an answer that could not be read; try again in a moment.");
        }
        if (!parsed.indicatesSuccess()) {
            String error = ((TokenErrorResponse) parsed).getErrorObject().getCode();
            LOG.info("Single sign-on provider '{}' refused the code: {}", settings.id(), ProviderErrors.code(error));
            throw ProviderErrors.tokenError(settings, error);
        }
        return (OIDCTokenResponse) parsed.toSuccessResponse();
    }

    /** client_secret_basic unless the provider announces it accepts only client_secret_post. */
    private static boolean postOnly(OIDCProviderMetadata metadata) {
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        return methods != null && !methods.isEmpty() && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    private ExternalIdentity identity(IDTokenClaimsSet claims) {
        IdTokenClaims c = new IdTokenClaims(claims);
        String email = c.string("email");
        return new ExternalIdentity(claims.getSubject().getValue(), email, c.isEmailVerified(),
                c.displayName(email, claims.getSubject().getValue()), c.groups(settings.groupsClaim()));
    }
}
