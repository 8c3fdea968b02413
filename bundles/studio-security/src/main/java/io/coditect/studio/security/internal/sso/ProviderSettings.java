package io.coditect.studio.security.internal.sso;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import io.coditect.studio.api.StudioIds;

/**
 * The validated settings of one identity provider. Endpoints are absolute URLs; https is required
 * except on the loopback interface, where test servers and local providers run.
 *
 * @param clientSecret null for a public client, which then proves itself with PKCE alone
 * @param callbackBase null when the callback URL the studio computes is used unchanged
 */
record ProviderSettings(String id, String displayName, String orgId, ProviderKind kind, URI issuer,
        URI authorizationEndpoint, URI tokenEndpoint, URI apiUrl, ClientID clientId, Secret clientSecret, Scope scope,
        String groupsClaim, GroupRoleMapping groupRoles, boolean autoCreateUsers, URI callbackBase,
        int connectTimeoutMillis, int readTimeoutMillis) {

    static final URI GOOGLE_ISSUER = URI.create("https://accounts.google.com");
    static final URI GITHUB_AUTHORIZE = URI.create("https://github.com/login/oauth/authorize");
    static final URI GITHUB_TOKEN = URI.create("https://github.com/login/oauth/access_token");
    static final URI GITHUB_API = URI.create("https://api.github.com");

    /**
     * Reads a configuration; {@code env} looks up environment variables. The message of the
     * exception names the setting and says how to fix it, without the secret.
     */
    static ProviderSettings from(SsoProviderConfig c, UnaryOperator<String> env) {
        String id = StudioIds.require("provider", blankToNull(c.id()));
        String orgId = StudioIds.require("organisation (orgId)", blankToNull(c.orgId()));
        String displayName = blankToNull(c.displayName()) == null ? id : c.displayName().strip();
        ProviderKind kind = ProviderKind.parse(c.type());
        String clientId = blankToNull(c.clientId());
        if (clientId == null) {
            throw new IllegalArgumentException("clientId is missing: give the client id registered at the provider");
        }
        URI issuer = null;
        URI authorize = null;
        URI token = null;
        URI api = null;
        if (kind == ProviderKind.OIDC) {
            if (blankToNull(c.issuer()) == null) {
                throw new IllegalArgumentException("issuer is missing: type oidc needs the issuer URL of the provider,"
                        + " for example https://login.example.com/realms/acme");
            }
            issuer = url("issuer", c.issuer(), null);
        } else if (kind == ProviderKind.GOOGLE) {
            issuer = url("issuer", c.issuer(), GOOGLE_ISSUER);
        } else {
            authorize = url("authorizationEndpoint", c.authorizationEndpoint(), GITHUB_AUTHORIZE);
            token = url("tokenEndpoint", c.tokenEndpoint(), GITHUB_TOKEN);
            api = url("apiUrl", c.apiUrl(), GITHUB_API);
        }
        URI callbackBase = blankToNull(c.callbackBase()) == null ? null : url("callbackBase", c.callbackBase(), null);
        if (c.connectTimeoutSeconds() < 1 || c.readTimeoutSeconds() < 1) {
            throw new IllegalArgumentException("connectTimeoutSeconds and readTimeoutSeconds must be at least 1");
        }
        return new ProviderSettings(id, displayName, orgId, kind, issuer, authorize, token, api, new ClientID(clientId),
                secret(c.clientSecret(), c.clientSecretEnv(), env), scope(kind, c.scopes()),
                blankToNull(c.groupsClaim()) == null ? "groups" : c.groupsClaim().strip(),
                GroupRoleMapping.parse(c.groupRoles()), c.autoCreateUsers(), callbackBase,
                c.connectTimeoutSeconds() * 1000, c.readTimeoutSeconds() * 1000);
    }

    private static Secret secret(String configured, String envName, UnaryOperator<String> env) {
        String value = blankToNull(configured);
        if (value != null && value.startsWith("ENC(")) {
            // the configuration decrypter leaves the value as it is when it cannot decrypt it
            throw new IllegalArgumentException("clientSecret is still encrypted (ENC(...)): the secret vault could not"
                    + " decrypt it; check that the vault is running with the key it was encrypted with");
        }
        if (value == null && blankToNull(envName) != null) {
            value = blankToNull(env.apply(envName.strip()));
            if (value == null) {
                throw new IllegalArgumentException("clientSecretEnv names the environment variable '" + envName.strip()
                        + "', which is not set: set it, or put the secret in clientSecret");
            }
        }
        return value == null ? null : new Secret(value);
    }

    private static Scope scope(ProviderKind kind, String[] configured) {
        Scope scope = new Scope();
        if (configured != null) {
            // one entry may hold several scopes separated by blanks, as in an OAuth scope parameter
            Arrays.stream(configured).filter(s -> s != null && !s.isBlank())
                    .flatMap(s -> Arrays.stream(s.strip().split("\\s+"))).forEach(scope::add);
        }
        if (scope.isEmpty()) {
            return kind.isOpenIdConnect() ? new Scope(OIDCScopeValue.OPENID, OIDCScopeValue.EMAIL, OIDCScopeValue.PROFILE)
                    : new Scope("read:user", "user:email");
        }
        if (kind.isOpenIdConnect() && !scope.contains(OIDCScopeValue.OPENID)) {
            scope.add(OIDCScopeValue.OPENID);
        }
        return scope;
    }

    /** An absolute http(s) URL without query; {@code fallback} when the setting is empty. */
    static URI url(String setting, String value, URI fallback) {
        String v = blankToNull(value);
        if (v == null) {
            return fallback;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " '" + StudioIds.printable(v) + "' is not a URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(setting + " '" + StudioIds.printable(v)
                    + "' is not an absolute http(s) URL: write it like https://login.example.com/path");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(setting + " '" + StudioIds.printable(v) + "' must not have a query or fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(setting + " '" + StudioIds.printable(v) + "' uses http: use https, which"
                    + " protects codes and tokens on the way (http is accepted only for localhost)");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // only literal addresses: a name is never looked up here
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        // never print the client secret
        return "ProviderSettings[id=" + id + ", kind=" + kind + ", orgId=" + orgId + ", clientId=" + clientId + "]";
    }
}
