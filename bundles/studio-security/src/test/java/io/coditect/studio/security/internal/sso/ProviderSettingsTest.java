package io.coditect.studio.security.internal.sso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.tenancy.Role;
import org.junit.Test;

public class ProviderSettingsTest {

    private static Map<String, Object> oidc() {
        Map<String, Object> c = new HashMap<>();
        c.put("id", "okta");
        c.put("orgId", "acme");
        c.put("issuer", "https://acme.okta.com");
        c.put("clientId", "studio");
        c.put("clientSecret", "top-secret");
        return c;
    }

    private static String invalid(Map<String, Object> config) {
        return assertThrows(IllegalArgumentException.class, () -> Configs.settings(config)).getMessage();
    }

    @Test
    public void anOidcProviderHasTheDocumentedDefaults() {
        ProviderSettings s = Configs.settings(oidc());
        assertEquals(ProviderKind.OIDC, s.kind());
        assertEquals("okta", s.displayName());
        assertEquals(URI.create("https://acme.okta.com"), s.issuer());
        assertEquals("openid email profile", s.scope().toString());
        assertEquals("groups", s.groupsClaim());
        assertTrue(s.autoCreateUsers());
        assertNull(s.callbackBase());
        assertEquals("top-secret", s.clientSecret().getValue());
        assertFalse("the secret is never printed", s.toString().contains("top-secret"));
    }

    @Test
    public void googleHasItsIssuerPreset() {
        Map<String, Object> c = oidc();
        c.remove("issuer");
        c.put("type", "Google");
        ProviderSettings s = Configs.settings(c);
        assertEquals(ProviderKind.GOOGLE, s.kind());
        assertEquals(URI.create("https://accounts.google.com"), s.issuer());
    }

    @Test
    public void gitHubHasItsEndpointsAndScopesPreset() {
        Map<String, Object> c = oidc();
        c.remove("issuer");
        c.put("type", "github");
        ProviderSettings s = Configs.settings(c);
        assertEquals(URI.create("https://github.com/login/oauth/authorize"), s.authorizationEndpoint());
        assertEquals(URI.create("https://github.com/login/oauth/access_token"), s.tokenEndpoint());
        assertEquals(URI.create("https://api.github.com"), s.apiUrl());
        assertEquals("read:user user:email", s.scope().toString());
    }

    @Test
    public void openidIsAlwaysRequestedFromAnOidcProvider() {
        Map<String, Object> c = oidc();
        c.put("scopes", new String[] { "email groups", "offline_access" });
        assertEquals(List.of("email", "groups", "offline_access", "openid"), Configs.settings(c).scope().toStringList());
    }

    @Test
    public void theSecretMayComeFromTheEnvironment() {
        Map<String, Object> c = oidc();
        c.remove("clientSecret");
        c.put("clientSecretEnv", "OKTA_SECRET");
        ProviderSettings s = ProviderSettings.from(Configs.config(c), n -> n.equals("OKTA_SECRET") ? "from-env" : null);
        assertEquals("from-env", s.clientSecret().getValue());

        String message = assertThrows(IllegalArgumentException.class,
                () -> ProviderSettings.from(Configs.config(c), n -> null)).getMessage();
        assertTrue(message, message.contains("OKTA_SECRET") && message.contains("not set"));
    }

    @Test
    public void withoutSecretTheClientIsPublic() {
        Map<String, Object> c = oidc();
        c.remove("clientSecret");
        assertNull(Configs.settings(c).clientSecret());
    }

    @Test
    public void aSecretLeftEncryptedIsRefusedWithoutShowingIt() {
        Map<String, Object> c = oidc();
        c.put("clientSecret", "ENC(AAAAsecretcipher)");
        String message = invalid(c);
        assertTrue(message, message.contains("could not decrypt"));
        assertFalse(message, message.contains("AAAAsecretcipher"));
    }

    @Test
    public void badSettingsAreNamed() {
        Map<String, Object> c = oidc();
        c.put("id", "Not A Slug");
        assertTrue(invalid(c).contains("provider id"));

        c = oidc();
        c.remove("orgId");
        assertTrue(invalid(c).contains("orgId"));

        c = oidc();
        c.remove("issuer");
        assertTrue(invalid(c).contains("issuer is missing"));

        c = oidc();
        c.put("clientId", " ");
        assertTrue(invalid(c).contains("clientId"));

        c = oidc();
        c.put("type", "saml");
        assertTrue(invalid(c).contains("oidc, google or github"));

        c = oidc();
        c.put("issuer", "http://login.example.com");
        assertTrue(invalid(c).contains("use https"));

        c = oidc();
        c.put("issuer", "login.example.com");
        assertTrue(invalid(c).contains("absolute http(s) URL"));

        c = oidc();
        c.put("issuer", "https://login.example.com/?tenant=1");
        assertTrue(invalid(c).contains("query"));

        c = oidc();
        c.put("groupRoles", new String[] { "eng=DEVELOPER" });
        assertTrue(invalid(c).contains("without a team"));

        c = oidc();
        c.put("readTimeoutSeconds", 0);
        assertTrue(invalid(c).contains("at least 1"));
    }

    @Test
    public void httpIsAcceptedOnTheLoopbackInterface() {
        Map<String, Object> c = oidc();
        c.put("issuer", "http://127.0.0.1:8080/realms/acme");
        Configs.settings(c);
        c.put("issuer", "http://localhost:8080/realms/acme");
        Configs.settings(c);
        c.put("issuer", "http://[::1]:8080/realms/acme");
        Configs.settings(c);
        c.put("issuer", "http://127.0.0.1.nip.io/realms/acme");
        assertTrue(invalid(c).contains("use https"));
    }

    @Test
    public void groupRolesAreParsed() {
        Map<String, Object> c = oidc();
        c.put("groupRoles", new String[] { "eng=DEVELOPER@backend", " admins = org_admin ", "" });
        ProviderSettings s = Configs.settings(c);
        assertEquals(List.of(new RoleGrant("backend", Role.DEVELOPER), new RoleGrant(null, Role.ORG_ADMIN)),
                s.groupRoles().rolesFor(List.of("admins", "eng")));
    }
}
