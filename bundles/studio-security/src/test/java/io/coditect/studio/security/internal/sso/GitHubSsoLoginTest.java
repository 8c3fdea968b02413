package io.coditect.studio.security.internal.sso;

import java.time.Instant;
import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** GitHub login (plain OAuth 2 with PKCE, identity from the REST API) against a local fake of GitHub. */
public class GitHubSsoLoginTest {

    private static final URI CALLBACK = URI.create("https://studio.example.com/api/v1/auth/sso/github/callback");

    private final Browser browser = new Browser();
    private FakeGitHub github;
    private StudioDatabase db;
    private RecordingSessionIssuer sessions;
    private SsoLoginImpl sso;

    @Before
    public void setUp() throws Exception {
        github = new FakeGitHub();
        MutableClock clock = new MutableClock(Instant.now());
        db = EmbeddedStudioDatabase.open(clock);
        db.tenancy().createOrganisation(Organisation.of("acme", "Acme"));
        IdentityProviderRegistry registry = new IdentityProviderRegistry();
        Map<String, Object> c = new HashMap<>();
        c.put("id", "github");
        c.put("displayName", "GitHub");
        c.put("orgId", "acme");
        c.put("type", "github");
        c.put("clientId", FakeGitHub.CLIENT_ID);
        c.put("clientSecretEnv", "STUDIO_GITHUB_SECRET");
        c.put("authorizationEndpoint", github.base() + "/login/oauth/authorize");
        c.put("tokenEndpoint", github.base() + "/login/oauth/access_token");
        c.put("apiUrl", github.base() + "/");
        new SsoProviderComponent(registry, Configs.config(c),
                name -> name.equals("STUDIO_GITHUB_SECRET") ? FakeGitHub.CLIENT_SECRET : null, clock);
        sessions = new RecordingSessionIssuer();
        sso = new SsoLoginImpl(registry, db.tenancy(), db.audit(), db.transactions(), sessions, clock);
    }

    @After
    public void tearDown() {
        if (db != null) {
            db.close();
        }
        if (github != null) {
            github.close();
        }
    }

    private Map<String, String> authorize() throws Exception {
        SsoLogin.Redirect redirect = sso.begin("github", CALLBACK);
        return browser.authorize(redirect.authorizationUri());
    }

    private AuditEvent lastEvent() {
        return db.audit().query("acme", AuditFilter.ALL.withAction(SsoLoginImpl.ACTION), PageRequest.first()).items()
                .get(0);
    }

    @Test
    public void aGitHubLoginCreatesTheUserFromTheVerifiedPrimaryAddress() throws Exception {
        Map<String, String> callback = authorize();
        sso.complete(callback.get("state"), callback.get("code"), null, "198.51.100.4");

        User user = db.tenancy().findUserByEmail("acme", "octocat@acme.test").orElseThrow();
        assertEquals("octocat", user.id());
        assertEquals("The Octocat", user.displayName());
        assertEquals(1, sessions.issued.size());
        assertEquals(Credential.SSO, sessions.issued.get(0).credential());
        assertEquals("octocat", sessions.issued.get(0).userId());

        AuditEvent event = lastEvent();
        assertEquals(AuditOutcome.SUCCESS, event.outcome());
        assertEquals("github", event.details().get("provider"));
        assertEquals("198.51.100.4", event.sourceAddress());
    }

    @Test
    public void theCodeIsExchangedWithSecretAndVerifierAsGitHubDocumentsIt() throws Exception {
        SsoLogin.Redirect redirect = sso.begin("github", CALLBACK);
        Map<String, String> q = Browser.query(redirect.authorizationUri());
        assertTrue(redirect.authorizationUri().toString().startsWith(github.base() + "/login/oauth/authorize?"));
        assertEquals("read:user user:email", q.get("scope"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertNull("no OpenID nonce for plain OAuth", q.get("nonce"));
        Map<String, String> callback = browser.authorize(redirect.authorizationUri());

        sso.complete(callback.get("state"), callback.get("code"), null, "198.51.100.4");

        Map<String, String> form = github.tokenRequests.get(0);
        assertEquals(FakeGitHub.CLIENT_ID, form.get("client_id"));
        assertEquals("client_secret_post", FakeGitHub.CLIENT_SECRET, form.get("client_secret"));
        assertNotNull(form.get("code_verifier"));
        assertEquals(CALLBACK.toString(), form.get("redirect_uri"));
    }

    @Test
    public void aRefusedCodeIsReportedWithGitHubsErrorCode() throws Exception {
        Map<String, String> callback = authorize();
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), "not-the-code", null, "198.51.100.4"));

        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("bad_verification_code"));
        assertFalse("GitHub's free text is not passed on", e.getMessage().contains("incorrect or expired"));
        assertEquals("token_error:bad_verification_code", lastEvent().details().get("reason"));
        assertTrue(sessions.issued.isEmpty());
    }

    @Test
    public void aLoginWithoutAVerifiedAddressIsRefused() throws Exception {
        github.emailsJson = "[{\"email\":\"octocat@acme.test\",\"primary\":true,\"verified\":false}]";
        Map<String, String> callback = authorize();

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "198.51.100.4"));
        assertTrue(e.getMessage(), e.getMessage().contains("e-mail"));
        assertTrue(db.tenancy().findUserByEmail("acme", "octocat@acme.test").isEmpty());
    }

    @Test
    public void anUnverifiedPrimaryAddressGivesWayToAVerifiedOne() throws Exception {
        github.emailsJson = "[{\"email\":\"octocat@acme.test\",\"primary\":true,\"verified\":false},"
                + "{\"email\":\"octo@work.test\",\"primary\":false,\"verified\":true}]";
        github.userJson = "{\"login\":\"octocat\",\"id\":583231,\"name\":null}";
        Map<String, String> callback = authorize();

        sso.complete(callback.get("state"), callback.get("code"), null, "198.51.100.4");
        User user = db.tenancy().findUserByEmail("acme", "octo@work.test").orElseThrow();
        assertEquals("octo", user.id());
        assertEquals("the login when GitHub has no name", "octocat", user.displayName());
    }

    @Test
    public void anUnreadableProfileIsRefused() throws Exception {
        github.userJson = "not json";
        Map<String, String> callback = authorize();

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "198.51.100.4"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertEquals("user_info_invalid", lastEvent().details().get("reason"));
    }

    @Test
    public void anApiThatRefusesTheTokenAsksToAllowAccess() throws Exception {
        github.refuseApi = true;
        Map<String, String> callback = authorize();

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "198.51.100.4"));
        assertTrue(e.getMessage(), e.getMessage().contains("allow access"));
        assertEquals("user_info_refused", lastEvent().details().get("reason"));
    }

    @Test
    public void anUnreachableGitHubIsReported() throws Exception {
        Map<String, String> callback = authorize();
        github.close();

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "198.51.100.4"));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot be reached"));
        assertEquals("provider_unreachable", lastEvent().details().get("reason"));
        github = null;
    }

    @Test
    public void theProviderIsListed() {
        assertEquals(List.of(new SsoLogin.Provider("github", "GitHub", "acme")), sso.providers());
    }
}
