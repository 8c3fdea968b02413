package io.coditect.studio.security.internal.sso;

import java.net.URI;
import java.util.List;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub (and GitHub Enterprise) OAuth apps: plain OAuth 2 with PKCE, no ID token, so the identity
 * comes from the API with the access token: {@code /user} for id and name, {@code /user/emails}
 * for a verified address. GitHub has no groups claim; its users get no roles from groups.
 */
final class GitHubIdentityProvider implements IdentityProvider {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubIdentityProvider.class);

    private final ProviderSettings settings;
    private final ProviderHttp http;

    GitHubIdentityProvider(ProviderSettings settings) {
        this.settings = settings;
        this.http = new ProviderHttp(settings);
    }

    @Override
    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public URI authorizationUri(PendingLogin login) {
        return new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), settings.clientId())
                .endpointURI(settings.authorizationEndpoint())
                .redirectionURI(login.redirectUri())
                .scope(settings.scope())
                .state(login.state())
                .codeChallenge(login.verifier(), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    @Override
    public ExternalIdentity authenticate(AuthorizationCode code, PendingLogin login) {
        String accessToken = exchange(code, login);
        JSONObject user = getObject(accessToken, "/user");
        JSONArray emails = getArray(accessToken, "/user/emails");
        Object id = user.get("id");
        String handle = user.get("login") instanceof String ? (String) user.get("login") : null;
        if (id == null && handle == null) {
            throw unreadable("/user");
        }
        String email = chooseEmail(emails);
        String name = user.get("name") instanceof String && !((String) user.get("name")).isBlank()
                ? ((String) user.get("name")).strip() : handle;
        return new ExternalIdentity(String.valueOf(id != null ? id : handle), email, email != null,
                name != null ? name : String.valueOf(id), List.of());
    }

    /** GitHub documents client_id and client_secret as form parameters, so client_secret_post. */
    private String exchange(AuthorizationCode code, PendingLogin login) {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, login.redirectUri(), login.verifier());
        TokenRequest request = settings.clientSecret() == null
                ? new TokenRequest.Builder(settings.tokenEndpoint(), settings.clientId(), grant).build()
                : new TokenRequest.Builder(settings.tokenEndpoint(), new ClientSecretPost(settings.clientId(),
                        settings.clientSecret()), grant).build();
        HTTPRequest httpRequest = request.toHTTPRequest();
        // without it GitHub answers form-encoded
        httpRequest.setAccept("application/json");
        HTTPResponse response = http.send(httpRequest, "token endpoint");
        JSONObject json;
        try {
            json = response.getBodyAsJSONObject();
        } catch (ParseException e) {
            LOG.warn("Single sign-on provider '{}': unreadable answer of the token endpoint (HTTP {})", settings.id(),
                    response.getStatusCode());
            throw SsoFailure.invalid("token_response_invalid", "The identity provider " + settings.displayName()
                    + " gave an answer that could not be read; try again in a moment.");
        }
        // GitHub reports a refused code with HTTP 200 and an "error" member
        if (json.get("error") != null) {
            String error = String.valueOf(json.get("error"));
            LOG.info("Single sign-on provider '{}' refused the code: {}", settings.id(), ProviderErrors.code(error));
            throw ProviderErrors.tokenError(settings, error);
        }
        Object token = json.get("access_token");
        if (!(token instanceof String) || ((String) token).isBlank() || response.getStatusCode() != 200) {
            LOG.warn("Single sign-on provider '{}': the token endpoint answered HTTP {} without an access token",
                    settings.id(), response.getStatusCode());
            throw SsoFailure.invalid("token_response_invalid", "The identity provider " + settings.displayName()
                    + " gave an answer that could not be read; try again in a moment.");
        }
        return (String) token;
    }

    private HTTPResponse get(String accessToken, String path) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, api(path));
        request.setAuthorization("Bearer " + accessToken);
        request.setAccept("application/vnd.github+json");
        request.setHeader("X-GitHub-Api-Version", "2022-11-28");
        // GitHub refuses API requests without a User-Agent
        request.setHeader("User-Agent", "CODITECT-Studio");
        HTTPResponse response = http.send(request, "API " + path);
        if (response.getStatusCode() != 200) {
            LOG.warn("Single sign-on provider '{}': GET {} answered HTTP {}", settings.id(), path,
                    response.getStatusCode());
            if (response.getStatusCode() == 401 || response.getStatusCode() == 403) {
                throw SsoFailure.invalid("user_info_refused", "The identity provider " + settings.displayName()
                        + " did not let the studio read your profile and e-mail addresses; start the login again"
                        + " and allow access to them.");
            }
            throw unreadable(path);
        }
        return response;
    }

    private JSONObject getObject(String accessToken, String path) {
        try {
            return get(accessToken, path).getBodyAsJSONObject();
        } catch (ParseException e) {
            throw unreadable(path);
        }
    }

    private JSONArray getArray(String accessToken, String path) {
        try {
            return get(accessToken, path).getBodyAsJSONArray();
        } catch (ParseException e) {
            throw unreadable(path);
        }
    }

    private URI api(String path) {
        String base = settings.apiUrl().toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    private SsoFailure unreadable(String path) {
        LOG.warn("Single sign-on provider '{}': unreadable answer of GET {}", settings.id(), path);
        return SsoFailure.invalid("user_info_invalid", "The identity provider " + settings.displayName()
                + " gave an answer that could not be read; try again in a moment.");
    }

    /** The primary address when it is verified, else the first verified one; null when none is. */
    private static String chooseEmail(JSONArray emails) {
        String firstVerified = null;
        for (Object o : emails) {
            if (!(o instanceof JSONObject)) {
                continue;
            }
            JSONObject e = (JSONObject) o;
            if (!(e.get("email") instanceof String) || !Boolean.TRUE.equals(e.get("verified"))) {
                continue;
            }
            if (Boolean.TRUE.equals(e.get("primary"))) {
                return (String) e.get("email");
            }
            if (firstVerified == null) {
                firstVerified = (String) e.get("email");
            }
        }
        return firstVerified;
    }
}
