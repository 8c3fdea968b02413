package io.coditect.studio.rest.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.CookieParam;
import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.security.TokenPair;

/** Logging in and out: password, refresh, single sign-on. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** A password login; {@code org} is the organisation id. */
    public record LoginRequest(String org, String email, String password) {
        @Override
        public String toString() {
            return "LoginRequest[org=" + org + ", email=" + email + "]";
        }
    }

    /** For clients that keep the refresh token themselves; browsers send the cookie instead. */
    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest";
        }
    }

    /** The tokens of a login session (OAuth 2 token response names). */
    public record TokenResponse(String access_token, String token_type, long expires_in, Instant expires_at,
            String refresh_token, Instant refresh_expires_at, String session_id) {
        static TokenResponse of(TokenPair pair) {
            long seconds = Math.max(0, Duration.between(Instant.now(), pair.accessExpiresAt()).toSeconds());
            return new TokenResponse(pair.accessToken(), "Bearer", seconds, pair.accessExpiresAt(),
                    pair.refreshToken(), pair.refreshExpiresAt(), pair.sessionId());
        }
    }

    private static final String SSO_STATE = "studio_sso_state";
    private static final ObjectMapper JSON = ApiServerFactory.objectMapper();

    private final Authenticator authenticator;
    private final SsoLogin sso;
    private final SigningKeys signingKeys;

    AuthResource(Authenticator authenticator, SsoLogin sso, SigningKeys signingKeys) {
        this.authenticator = authenticator;
        this.sso = sso;
        this.signingKeys = signingKeys;
    }

    /** The public keys that verify session tokens (JWK set), for services that check tokens themselves. */
    @GET
    @Path("/jwks.json")
    @Produces("application/jwk-set+json")
    @PublicEndpoint
    public String jwks() {
        return signingKeys.jwksJson();
    }

    public record RotatedKey(String keyId) {
    }

    /** Signs new tokens with a new key (studio administrators); tokens already issued stay valid. */
    @POST
    @Path("/signing-keys/rotate")
    public RotatedKey rotateSigningKey() {
        return new RotatedKey(signingKeys.rotate(CallerContext.require()));
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @PublicEndpoint
    public Response login(LoginRequest request) {
        if (request == null || blank(request.org()) || blank(request.email()) || request.password() == null) {
            throw new IllegalArgumentException("Send {\"org\": …, \"email\": …, \"password\": …}: all three are required.");
        }
        char[] password = request.password().toCharArray();
        try {
            return issued(authenticator.login(request.org().trim(), request.email(), password,
                    CallerContext.sourceAddress()));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * A new token pair for a refresh token, sent as {@code {"refreshToken": …}} by clients that keep
     * it, or as the {@code studio_refresh} cookie by browsers (then with no body at all).
     */
    @POST
    @Path("/refresh")
    @Consumes(MediaType.WILDCARD)
    @PublicEndpoint
    public Response refresh(@CookieParam(RefreshCookie.NAME) String cookie, String body) throws IOException {
        RefreshRequest request = body == null || body.isBlank() ? null : JSON.readValue(body, RefreshRequest.class);
        String token = request != null && !blank(request.refreshToken()) ? request.refreshToken() : cookie;
        if (blank(token)) {
            throw new AuthenticationException(AuthenticationException.Reason.MISSING,
                    "Send the refresh token ({\"refreshToken\": …}) or the studio_refresh cookie; "
                            + "if you have neither, log in again.");
        }
        return issued(authenticator.refresh(token, CallerContext.sourceAddress()));
    }

    @POST
    @Path("/logout")
    public Response logout() {
        authenticator.logout(CallerContext.require());
        return RefreshCookie.clear(Response.noContent(), CallerContext.isSecure()).build();
    }

    @GET
    @Path("/sso")
    @PublicEndpoint
    public List<SsoLogin.Provider> ssoProviders() {
        return sso.providers();
    }

    /**
     * Sends the browser to the identity provider. The login's state also goes into a cookie of this
     * browser, so a callback carrying a state started elsewhere (login CSRF) is refused.
     */
    @GET
    @Path("/sso/{provider}/start")
    @PublicEndpoint
    public Response ssoStart(@PathParam("provider") String provider, @Context UriInfo uri) {
        SsoLogin.Redirect redirect;
        try {
            redirect = sso.begin(provider, callback(uri, provider));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(e.getMessage() + " GET /api/v1/auth/sso lists the configured providers.");
        } catch (IllegalStateException e) {
            // the identity provider cannot be reached or answered nonsense
            throw new WebApplicationException(e.getMessage(), Response.Status.BAD_GATEWAY);
        }
        return Response.seeOther(redirect.authorizationUri()).header("Cache-Control", "no-store")
                .header("Set-Cookie", SSO_STATE + "=" + redirect.state() + "; Path=/api/v1/auth/sso; Max-Age=600; "
                        + "HttpOnly; SameSite=Lax" + (CallerContext.isSecure() ? "; Secure" : ""))
                .build();
    }

    /**
     * Where the identity provider sends the browser back: the session's refresh token is set as a
     * cookie and the browser returns to the studio, which exchanges it for an access token.
     */
    @GET
    @Path("/sso/{provider}/callback")
    @PublicEndpoint
    public Response ssoCallback(@PathParam("provider") String provider, @QueryParam("state") String state,
            @QueryParam("code") String code, @QueryParam("error") String error,
            @CookieParam(SSO_STATE) String browserState, @Context UriInfo uri) {
        if (state == null || !state.equals(browserState)) {
            throw new AuthenticationException(AuthenticationException.Reason.INVALID,
                    "This sign-in was not started in this browser (or took longer than 10 minutes); start it again.");
        }
        TokenPair pair = sso.complete(state, code, error, CallerContext.sourceAddress());
        URI studio = uri.getBaseUriBuilder().replacePath("/").fragment("signed-in").build();
        return RefreshCookie.set(Response.seeOther(studio), pair.refreshToken(), pair.refreshExpiresAt(),
                CallerContext.isSecure()).header("Cache-Control", "no-store")
                .header("Set-Cookie", SSO_STATE + "=; Path=/api/v1/auth/sso; Max-Age=0; HttpOnly; SameSite=Lax")
                .build();
    }

    private static URI callback(UriInfo uri, String provider) {
        return uri.getBaseUriBuilder().path("v1/auth/sso/{provider}/callback").build(provider);
    }

    private static Response issued(TokenPair pair) {
        return RefreshCookie.set(Response.ok(TokenResponse.of(pair)), pair.refreshToken(), pair.refreshExpiresAt(),
                CallerContext.isSecure()).header("Cache-Control", "no-store").build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
