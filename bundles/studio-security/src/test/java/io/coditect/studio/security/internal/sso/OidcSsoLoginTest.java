package io.coditect.studio.security.internal.sso;

import java.time.Instant;
import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The whole authorization code flow against a real OpenID Connect provider (mock-oauth2-server on
 * 127.0.0.1): discovery, authorization URL, the provider's redirect, code exchange with PKCE and
 * client_secret_basic, ID token validation with the provider's keys, and the real studio database.
 */
public class OidcSsoLoginTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1:8181/api/v1/auth/sso/acme-idp/callback");
    private static final String SECRET = "s3cret-client-value";

    private final Browser browser = new Browser();
    private MockOAuth2Server server;
    private String issuer;
    private MutableClock clock;
    private StudioDatabase db;
    private IdentityProviderRegistry registry;
    private RecordingSessionIssuer sessions;
    private SsoLoginImpl sso;

    @Before
    public void setUp() throws Exception {
        server = new MockOAuth2Server();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        issuer = "http://127.0.0.1:" + server.baseUrl().port() + "/default";
        clock = new MutableClock(Instant.now());
        db = EmbeddedStudioDatabase.open(clock);
        db.tenancy().createOrganisation(Organisation.of("acme", "Acme"));
        db.tenancy().createTeam(Team.of("acme", "backend", "Backend"));
        db.tenancy().createTeam(Team.of("acme", "frontend", "Frontend"));
        registry = new IdentityProviderRegistry();
        addProvider(providerConfig("acme-idp"));
        sessions = new RecordingSessionIssuer();
        sso = new SsoLoginImpl(registry, db.tenancy(), db.audit(), db.transactions(), sessions, clock);
    }

    @After
    public void tearDown() {
        if (db != null) {
            db.close();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    private Map<String, Object> providerConfig(String id) {
        Map<String, Object> c = new HashMap<>();
        c.put("id", id);
        c.put("displayName", "Acme IdP");
        c.put("orgId", "acme");
        c.put("type", "oidc");
        c.put("issuer", issuer);
        c.put("clientId", "studio");
        c.put("clientSecret", SECRET);
        c.put("groupRoles", new String[] { "eng=DEVELOPER@backend", "admins=ORG_ADMIN", "ghosts=DEVELOPER@no-such-team",
            "leads=PROJECT_LEAD@backend" });
        return c;
    }

    private void addProvider(Map<String, Object> config) {
        new SsoProviderComponent(registry, Configs.config(config), name -> null, clock);
    }

    private static Map<String, Object> claims(String email, Object... more) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("email", email);
        claims.put("email_verified", true);
        claims.put("name", "Jane Doe");
        for (int i = 0; i < more.length; i += 2) {
            claims.put((String) more[i], more[i + 1]);
        }
        return claims;
    }

    /** The provider issues the next tokens with these claims. */
    private void nextTokens(Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback("default", "subject-" + claims.get("email"), "JWT", null,
                claims, 3600));
    }

    /** The browser's part: begin, the provider's non-interactive login, back with code and state. */
    private Map<String, String> authorize(String providerId) throws Exception {
        SsoLogin.Redirect redirect = sso.begin(providerId, CALLBACK);
        Map<String, String> callback = browser.authorize(redirect.authorizationUri());
        assertEquals(redirect.state(), callback.get("state"));
        return callback;
    }

    private TokenPair login(String providerId, Map<String, Object> claims) throws Exception {
        nextTokens(claims);
        Map<String, String> callback = authorize(providerId);
        return sso.complete(callback.get("state"), callback.get("code"), callback.get("error"), "203.0.113.7");
    }

    private AuthenticationException loginFails(String providerId, Map<String, Object> claims) throws Exception {
        nextTokens(claims);
        Map<String, String> callback = authorize(providerId);
        return assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7"));
    }

    private Map<String, Role> roles(String userId) {
        return db.tenancy().listMemberships("acme", MembershipFilter.ALL.withUser(userId), PageRequest.first())
                .items().stream().collect(Collectors.toMap(m -> m.teamId() == null ? "*" : m.teamId(), Membership::role));
    }

    private List<AuditEvent> ssoEvents() {
        return db.audit().query("acme", AuditFilter.ALL.withAction(SsoLoginImpl.ACTION), PageRequest.first()).items();
    }

    private AuditEvent lastSsoEvent() {
        List<AuditEvent> events = ssoEvents();
        assertFalse("an auth.sso.login event was written", events.isEmpty());
        return events.get(0);
    }

    @Test
    public void firstLoginCreatesTheUserAndGrantsTheRolesOfItsGroups() throws Exception {
        TokenPair tokens = login("acme-idp", claims("Jane.Doe@acme.test", "groups",
                List.of("eng", "admins", "ghosts", "unmapped")));

        User jane = db.tenancy().findUserByEmail("acme", "jane.doe@acme.test").orElseThrow();
        assertEquals("jane-doe", jane.id());
        assertEquals("Jane Doe", jane.displayName());
        assertFalse(jane.disabled());
        // the team that does not exist is skipped, the others are granted
        assertEquals(Map.of("backend", Role.DEVELOPER, "*", Role.ORG_ADMIN), roles("jane-doe"));

        assertEquals(1, sessions.issued.size());
        RecordingSessionIssuer.Issued issued = sessions.issued.get(0);
        assertEquals("acme", issued.orgId());
        assertEquals("jane-doe", issued.userId());
        assertEquals(Credential.SSO, issued.credential());
        assertEquals("203.0.113.7", issued.sourceAddress());
        assertSame(issued.tokens(), tokens);

        AuditEvent event = lastSsoEvent();
        assertEquals(AuditOutcome.SUCCESS, event.outcome());
        assertEquals("jane-doe", event.actor());
        assertEquals("user/jane-doe", event.target());
        assertEquals("203.0.113.7", event.sourceAddress());
        assertEquals("acme-idp", event.details().get("provider"));
        assertEquals("true", event.details().get("created"));
        assertEquals("DEVELOPER@backend,ORG_ADMIN", event.details().get("granted"));
    }

    @Test
    public void secondLoginFindsTheSameUser() throws Exception {
        login("acme-idp", claims("jane.doe@acme.test", "groups", List.of("eng")));
        login("acme-idp", claims("JANE.DOE@acme.test", "groups", List.of("eng")));

        assertEquals(1, db.tenancy().listUsers("acme", UserFilter.ALL, PageRequest.first()).total());
        assertEquals(2, sessions.issued.size());
        assertEquals("jane-doe", sessions.issued.get(1).userId());
        AuditEvent second = lastSsoEvent();
        assertEquals("false", second.details().get("created"));
        assertNull("nothing new to grant", second.details().get("granted"));
    }

    @Test
    public void anExistingUserIsMatchedByEmailAndKeepsItsId() throws Exception {
        db.tenancy().createUser(User.of("acme", "jdoe", "jane.doe@acme.test", "J. Doe"));

        login("acme-idp", claims("Jane.Doe@ACME.test"));

        assertEquals("jdoe", sessions.issued.get(0).userId());
        assertEquals(1, db.tenancy().listUsers("acme", UserFilter.ALL, PageRequest.first()).total());
        assertEquals("J. Doe", db.tenancy().findUser("acme", "jdoe").orElseThrow().displayName());
    }

    @Test
    public void aNewUserGetsAnUnusedId() throws Exception {
        db.tenancy().createUser(User.of("acme", "jane-doe", "someone.else@acme.test", "Someone Else"));

        login("acme-idp", claims("jane.doe@acme.test"));

        assertEquals("jane-doe-2", sessions.issued.get(0).userId());
    }

    @Test
    public void groupRolesAreAddedOrRaisedButNeverLoweredOrRemoved() throws Exception {
        db.tenancy().createUser(User.of("acme", "jane", "jane@acme.test", "Jane"));
        db.tenancy().grant("acme", "jane", "backend", Role.TEAM_ADMIN);
        db.tenancy().grant("acme", "jane", "frontend", Role.ANALYST);
        db.tenancy().grant("acme", "jane", null, Role.BILLING_ADMIN);

        // eng and leads both map to backend: PROJECT_LEAD is the higher of the two
        login("acme-idp", claims("jane@acme.test", "groups", List.of("eng", "leads")));

        // TEAM_ADMIN already includes PROJECT_LEAD, the manual roles elsewhere are untouched
        assertEquals(Map.of("backend", Role.TEAM_ADMIN, "frontend", Role.ANALYST, "*", Role.BILLING_ADMIN),
                roles("jane"));

        db.tenancy().grant("acme", "jane", "backend", Role.ANALYST);
        login("acme-idp", claims("jane@acme.test", "groups", List.of("eng", "leads")));
        // ANALYST does not include PROJECT_LEAD: changed
        assertEquals(Role.PROJECT_LEAD, roles("jane").get("backend"));

        login("acme-idp", claims("jane@acme.test", "groups", List.of()));
        // leaving the groups removes nothing
        assertEquals(Role.PROJECT_LEAD, roles("jane").get("backend"));
    }

    @Test
    public void thePkceVerifierOfTheChallengeIsSentWithClientSecretBasic() throws Exception {
        nextTokens(claims("jane@acme.test"));
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);
        Map<String, String> authorization = Browser.query(redirect.authorizationUri());
        assertEquals("S256", authorization.get("code_challenge_method"));
        Map<String, String> callback = browser.authorize(redirect.authorizationUri());
        sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7");

        RecordedRequest tokenRequest = recordedTokenRequest();
        String body = tokenRequest.getBody().readUtf8();
        Map<String, String> form = Browser.query(URI.create("http://form/?" + body));
        assertEquals("authorization_code", form.get("grant_type"));
        assertNotNull("code_verifier sent: " + form.keySet(), form.get("code_verifier"));
        assertEquals("the verifier is the one behind the challenge", authorization.get("code_challenge"),
                CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(form.get("code_verifier"))).getValue());
        assertEquals(CALLBACK.toString(), form.get("redirect_uri"));
        assertFalse("client_secret_basic: the secret is not in the body", body.contains(SECRET));
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("studio:" + SECRET).getBytes(StandardCharsets.UTF_8)),
                tokenRequest.getHeader("Authorization"));
    }

    @Test
    public void theProviderRefusesTheCodeWithAnotherVerifier() throws Exception {
        nextTokens(claims("jane@acme.test"));
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);
        Map<String, String> callback = browser.authorize(redirect.authorizationUri());

        // what someone who intercepted the code would send: everything but the studio's verifier
        HttpResponse<String> response = browser.post(URI.create(issuer + "/token"),
                "grant_type=authorization_code&code=" + Browser.enc(callback.get("code")) + "&redirect_uri="
                        + Browser.enc(CALLBACK.toString()) + "&code_verifier=" + new CodeVerifier().getValue(),
                "Basic " + Base64.getEncoder().encodeToString(("studio:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertEquals(response.body(), 400, response.statusCode());
        assertTrue(response.body(), response.body().contains("invalid_grant"));
    }

    @Test
    public void aCodeIssuedForAnotherChallengeIsRefused() throws Exception {
        nextTokens(claims("jane@acme.test"));
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);
        // someone swapped the challenge: the studio's verifier no longer matches
        URI tampered = Browser.withParameter(redirect.authorizationUri(), "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        Map<String, String> callback = browser.authorize(tampered);

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("invalid_grant"));
        assertFalse("the code is never shown", e.getMessage().contains(callback.get("code")));
        assertEquals("token_error:invalid_grant", lastSsoEvent().details().get("reason"));
        assertTrue(sessions.issued.isEmpty());
    }

    @Test
    public void anUnknownStateIsRefusedAndAudited() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete("not-a-state-we-issued", "some-code", null, "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("start the login again"));

        List<AuditEvent> system = db.audit().querySystem(AuditFilter.ALL.withAction(SsoLoginImpl.ACTION),
                PageRequest.first()).items();
        assertEquals(1, system.size());
        assertEquals(AuditOutcome.FAILURE, system.get(0).outcome());
        assertEquals("state_unknown", system.get(0).details().get("reason"));
        assertEquals("203.0.113.7", system.get(0).sourceAddress());
    }

    @Test
    public void aStateWorksOnce() throws Exception {
        nextTokens(claims("jane@acme.test"));
        Map<String, String> callback = authorize("acme-idp");
        sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7");

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertEquals(1, sessions.issued.size());
    }

    @Test
    public void aLoginExpiresAfterTenMinutes() throws Exception {
        nextTokens(claims("jane@acme.test"));
        Map<String, String> callback = authorize("acme-idp");
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("expired"));
        AuditEvent event = lastSsoEvent();
        assertEquals("state_expired", event.details().get("reason"));
        assertEquals("acme-idp", event.details().get("provider"));
        assertTrue(sessions.issued.isEmpty());
    }

    @Test
    public void aLoginWithinTenMinutesWorks() throws Exception {
        nextTokens(claims("jane@acme.test"));
        Map<String, String> callback = authorize("acme-idp");
        clock.advance(Duration.ofMinutes(9));

        sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7");
        assertEquals(1, sessions.issued.size());
    }

    @Test
    public void anErrorFromTheProviderIsReportedByItsCode() {
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(redirect.state(), null, "access_denied", "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("'access_denied'"));
        AuditEvent event = lastSsoEvent();
        assertEquals(AuditOutcome.FAILURE, event.outcome());
        assertEquals("provider_error:access_denied", event.details().get("reason"));
        assertEquals("sso:acme-idp", event.actor());
    }

    @Test
    public void aForgedErrorTextIsNotEchoed() {
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);
        String forged = "Your account is locked, call +1 555 0100 <script>alert(1)</script>";

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(redirect.state(), null, forged, "203.0.113.7"));
        assertFalse(e.getMessage(), e.getMessage().contains("555"));
        assertTrue(e.getMessage(), e.getMessage().contains("unrecognised_error"));
    }

    @Test
    public void aCallbackWithoutCodeIsRefused() {
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(redirect.state(), " ", null, "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertEquals("code_missing", lastSsoEvent().details().get("reason"));
    }

    @Test
    public void anIdTokenWithAnotherNonceIsRejected() throws Exception {
        AuthenticationException e = loginFails("acme-idp", claims("jane@acme.test", "nonce", "replayed-nonce"));

        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertEquals("id_token_invalid", lastSsoEvent().details().get("reason"));
        assertTrue("no user was created", db.tenancy().findUserByEmail("acme", "jane@acme.test").isEmpty());
        assertTrue(sessions.issued.isEmpty());
    }

    @Test
    public void anIdTokenForAnotherClientIsRejected() throws Exception {
        AuthenticationException e = loginFails("acme-idp", claims("jane@acme.test", "aud", "another-client",
                "azp", "another-client"));

        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertEquals("id_token_invalid", lastSsoEvent().details().get("reason"));
        assertTrue(sessions.issued.isEmpty());
    }

    @Test
    public void aProviderConfiguredWithAnotherClientIdRejectsTheProvidersTokens() throws Exception {
        // the token endpoint issues the ID token for the client id in the request, so the audience
        // check is shown by a token whose audience names a different client than configured
        Map<String, Object> config = providerConfig("acme-other");
        config.put("clientId", "studio-b");
        addProvider(config);

        AuthenticationException e = loginFails("acme-other", claims("jane@acme.test", "aud", "studio"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
    }

    @Test
    public void anExpiredIdTokenIsRejected() throws Exception {
        server.enqueueCallback(new DefaultOAuth2TokenCallback("default", "subject-1", "JWT", null,
                claims("jane@acme.test"), -600));
        Map<String, String> callback = authorize("acme-idp");

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertEquals("id_token_invalid", lastSsoEvent().details().get("reason"));
    }

    @Test
    public void aDisabledUserIsRefused() throws Exception {
        User jane = db.tenancy().createUser(User.of("acme", "jane", "jane@acme.test", "Jane"));
        db.tenancy().updateUser(jane.withDisabled(true));

        AuthenticationException e = loginFails("acme-idp", claims("jane@acme.test", "groups", List.of("admins")));

        assertEquals(AuthenticationException.Reason.DISABLED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("disabled"));
        assertTrue(sessions.issued.isEmpty());
        assertTrue("no role granted to a refused user", roles("jane").isEmpty());
        AuditEvent event = lastSsoEvent();
        assertEquals("user_disabled", event.details().get("reason"));
        assertEquals("jane@acme.test", event.actor());
    }

    @Test
    public void withoutAutoCreateAnUnknownUserIsRefused() throws Exception {
        Map<String, Object> config = providerConfig("acme-strict");
        config.put("autoCreateUsers", false);
        addProvider(config);

        AuthenticationException e = loginFails("acme-strict", claims("new.person@acme.test"));

        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("ask an administrator to add you"));
        assertTrue(db.tenancy().findUserByEmail("acme", "new.person@acme.test").isEmpty());
        assertEquals("user_unknown", lastSsoEvent().details().get("reason"));

        // a user an administrator added gets in
        db.tenancy().createUser(User.of("acme", "newbie", "new.person@acme.test", "New Person"));
        login("acme-strict", claims("new.person@acme.test"));
        assertEquals("newbie", sessions.issued.get(0).userId());
    }

    @Test
    public void anUnverifiedEmailIsRefused() throws Exception {
        AuthenticationException e = loginFails("acme-idp", claims("jane@acme.test", "email_verified", false));

        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("not verified"));
        assertTrue(db.tenancy().findUserByEmail("acme", "jane@acme.test").isEmpty());
        assertEquals("email_unverified", lastSsoEvent().details().get("reason"));
    }

    @Test
    public void anEmailWithoutVerifiedClaimIsAccepted() throws Exception {
        Map<String, Object> claims = claims("jane@acme.test");
        claims.remove("email_verified");
        login("acme-idp", claims);
        assertEquals(1, sessions.issued.size());
    }

    @Test
    public void aTokenWithoutEmailIsRefused() throws Exception {
        Map<String, Object> claims = claims("jane@acme.test");
        claims.remove("email");
        AuthenticationException e = loginFails("acme-idp", claims);
        assertTrue(e.getMessage(), e.getMessage().contains("e-mail"));
        assertEquals("email_missing", lastSsoEvent().details().get("reason"));
    }

    @Test
    public void theProvidersAreListedForLoginButtons() {
        Map<String, Object> config = providerConfig("acme-b");
        config.put("displayName", "Another IdP");
        addProvider(config);

        assertEquals(List.of(new SsoLogin.Provider("acme-idp", "Acme IdP", "acme"),
                new SsoLogin.Provider("acme-b", "Another IdP", "acme")), sso.providers());
    }

    @Test
    public void beginNamesAnUnknownProvider() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sso.begin("nope", CALLBACK));
        assertTrue(e.getMessage(), e.getMessage().contains("'nope'"));
        assertTrue(e.getMessage(), e.getMessage().contains("acme-idp"));
    }

    @Test
    public void theAuthorizationUrlCarriesStateNonceAndChallenge() {
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);
        Map<String, String> q = Browser.query(redirect.authorizationUri());
        assertTrue(redirect.authorizationUri().toString().startsWith(issuer + "/authorize?"));
        assertEquals(redirect.state(), q.get("state"));
        assertEquals("code", q.get("response_type"));
        assertEquals("studio", q.get("client_id"));
        assertEquals(CALLBACK.toString(), q.get("redirect_uri"));
        assertEquals("openid email profile", q.get("scope"));
        assertNotNull(q.get("nonce"));
        assertNotNull(q.get("code_challenge"));
        assertFalse("the verifier stays on the server", q.containsKey("code_verifier"));
        assertFalse(q.containsValue(SECRET));
        assertTrue("state is long and random", redirect.state().length() >= 32);
        assertFalse(redirect.state().equals(sso.begin("acme-idp", CALLBACK).state()));
    }

    @Test
    public void anUnreachableProviderFailsBeginWithAClearMessage() throws Exception {
        Map<String, Object> config = providerConfig("acme-down");
        config.put("issuer", "http://127.0.0.1:" + closedPort() + "/default");
        config.put("connectTimeoutSeconds", 2);
        addProvider(config);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sso.begin("acme-down", CALLBACK));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot be reached"));
    }

    @Test
    public void aProviderRemovedDuringTheLoginEndsItCleanly() throws Exception {
        Map<String, Object> config = providerConfig("acme-tmp");
        SsoProviderComponent component = new SsoProviderComponent(registry, Configs.config(config), n -> null, clock);
        nextTokens(claims("jane@acme.test"));
        Map<String, String> callback = authorize("acme-tmp");
        component.deactivate();

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7"));
        assertEquals(AuthenticationException.Reason.INVALID, e.reason());
        assertTrue(sso.providers().stream().noneMatch(p -> p.id().equals("acme-tmp")));
    }

    @Test
    public void theAuditNeverHoldsCodesOrSecrets() throws Exception {
        nextTokens(claims("jane@acme.test"));
        Map<String, String> callback = authorize("acme-idp");
        sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7");
        assertThrows(AuthenticationException.class,
                () -> sso.complete(callback.get("state"), callback.get("code"), null, "203.0.113.7"));

        List<AuditEvent> all = new ArrayList<>(db.audit().query("acme", AuditFilter.ALL, PageRequest.first()).items());
        all.addAll(db.audit().querySystem(AuditFilter.ALL, PageRequest.first()).items());
        for (AuditEvent event : all) {
            String text = event.toString();
            assertFalse(text, text.contains(callback.get("code")));
            assertFalse(text, text.contains(callback.get("state")));
            assertFalse(text, text.contains(SECRET));
            assertFalse(text, text.contains(sessions.issued.get(0).tokens().accessToken()));
        }
    }

    @Test
    public void discoveryIsReadOnceAndKeptWhenTheProviderIsDownLater() throws Exception {
        sso.begin("acme-idp", CALLBACK);
        sso.begin("acme-idp", CALLBACK);
        assertEquals(1, requestsTo("/default/.well-known/openid-configuration"));

        clock.advance(OidcDiscovery.MAX_AGE.plusMinutes(1));
        server.shutdown();
        SsoLogin.Redirect redirect = sso.begin("acme-idp", CALLBACK);
        assertTrue(redirect.authorizationUri().toString().startsWith(issuer + "/authorize?"));
        server = null;
    }

    @Test
    public void aFailureToIssueTheSessionIsAudited() throws Exception {
        SsoLoginImpl refusing = new SsoLoginImpl(registry, db.tenancy(), db.audit(), db.transactions(),
                (org, user, credential, address) -> {
                    throw new AuthenticationException(AuthenticationException.Reason.DISABLED, "Account disabled.");
                }, clock);
        nextTokens(claims("jane@acme.test"));
        SsoLogin.Redirect redirect = refusing.begin("acme-idp", CALLBACK);
        Map<String, String> callback = browser.authorize(redirect.authorizationUri());

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> refusing.complete(callback.get("state"), callback.get("code"), null, "not an address!"));
        assertEquals(AuthenticationException.Reason.DISABLED, e.reason());
        AuditEvent event = lastSsoEvent();
        assertEquals("disabled", event.details().get("reason"));
        assertNull("a malformed address is left out", event.sourceAddress());
    }

    /** The next request the provider received, null when there is none left. */
    private RecordedRequest nextRequest() {
        try {
            return server.takeRequest(1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            // the mock server reports an empty queue so
            return null;
        }
    }

    private int requestsTo(String path) {
        int n = 0;
        for (RecordedRequest r = nextRequest(); r != null; r = nextRequest()) {
            if (path.equals(r.getPath())) {
                n++;
            }
        }
        return n;
    }

    private RecordedRequest recordedTokenRequest() {
        for (RecordedRequest r = nextRequest(); r != null; r = nextRequest()) {
            if (r.getPath() != null && r.getPath().startsWith("/default/token")) {
                return r;
            }
        }
        throw new AssertionError("no token request reached the provider");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
