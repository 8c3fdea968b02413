package io.coditect.studio.security.internal;

import io.coditect.studio.api.security.SigningKeys;
import static io.coditect.studio.security.internal.SecurityFixture.PASSWORD;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.ApiKeyIssued;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ShiroAuthenticatorTest {

    private static final String HOME = "10.0.0.1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SecurityFixture fx;
    private Authenticator auth;

    @Before
    public void setUp() {
        fx = new SecurityFixture(tmp.getRoot().toPath()).withAcme();
        auth = fx.services().authenticator();
    }

    @After
    public void tearDown() {
        fx.close();
    }

    private TokenPair login(String email) {
        return auth.login("acme", email, PASSWORD.toCharArray(), HOME);
    }

    private AuthenticationException refused(Runnable r) {
        return assertThrows(AuthenticationException.class, r::run);
    }

    private List<AuditEvent> audit(String orgId, String action) {
        AuditFilter f = AuditFilter.ALL.withAction(action);
        return (orgId == null ? fx.db.audit().querySystem(f, PageRequest.first())
                : fx.db.audit().query(orgId, f, PageRequest.first())).items();
    }

    @Test
    public void aLoginGivesTokensThatResolveToTheCallerWithRoles() {
        TokenPair pair = auth.login("acme", " Alice@ACME.test ", PASSWORD.toCharArray(), HOME);
        Caller alice = auth.authenticate(pair.accessToken(), "10.0.0.7");
        assertEquals("acme", alice.orgId());
        assertEquals("alice", alice.userId());
        assertEquals(Credential.PASSWORD, alice.credential());
        assertEquals(pair.sessionId(), alice.credentialId());
        assertNull(alice.orgRole());
        assertEquals(Map.of("web", Role.DEVELOPER), alice.teamRoles());
        assertFalse(alice.studioAdmin());
        assertEquals("10.0.0.7", alice.sourceAddress());
        assertTrue(alice.holds(Role.DEVELOPER, "web"));

        Caller bob = auth.authenticate("  " + login("bob@acme.test").accessToken() + " ", HOME);
        assertEquals(Role.ORG_ADMIN, bob.orgRole());
        assertFalse("an admin of acme is not an admin of the studio", bob.studioAdmin());
    }

    @Test
    public void aLoginIsAudited() {
        TokenPair pair = login("alice@acme.test");
        List<AuditEvent> events = audit("acme", "auth.login");
        assertEquals(1, events.size());
        AuditEvent e = events.get(0);
        assertEquals("alice", e.actor());
        assertEquals(AuditOutcome.SUCCESS, e.outcome());
        assertEquals(HOME, e.sourceAddress());
        assertEquals("user/alice", e.target());
        assertEquals(pair.sessionId(), e.details().get("session"));
        assertFalse(e.details().toString().contains(PASSWORD));
    }

    @Test
    public void failuresLookTheSameAndAreAudited() {
        AuthenticationException wrong = refused(() -> auth.login("acme", "alice@acme.test",
                "not the password at all".toCharArray(), HOME));
        AuthenticationException unknownUser = refused(() -> login("nobody@acme.test"));
        AuthenticationException disabled = refused(() -> login("carol@acme.test"));
        AuthenticationException unknownOrg = refused(() -> auth.login("nowhere", "alice@acme.test",
                PASSWORD.toCharArray(), HOME));
        for (AuthenticationException e : List.of(wrong, unknownUser, disabled, unknownOrg)) {
            assertEquals(Reason.INVALID, e.reason());
            assertEquals(wrong.getMessage(), e.getMessage());
        }

        List<AuditEvent> failures = audit("acme", "auth.login");
        assertEquals(3, failures.size());
        for (AuditEvent e : failures) {
            assertEquals(AuditOutcome.FAILURE, e.outcome());
            assertEquals(HOME, e.sourceAddress());
        }
        assertEquals(Set.of("wrong-password", "unknown-user", "disabled"),
                Set.copyOf(failures.stream().map(e -> e.details().get("reason")).toList()));
        List<AuditEvent> system = audit(null, "auth.login");
        assertEquals(1, system.size());
        assertNull(system.get(0).orgId());
        assertEquals("alice@acme.test", system.get(0).actor());

        assertEquals(Reason.MISSING, refused(() -> auth.login("acme", "alice@acme.test", new char[0], HOME)).reason());
    }

    @Test
    public void repeatedFailuresAreThrottled() {
        for (int i = 0; i < 5; i++) {
            refused(() -> auth.login("acme", "alice@acme.test", "a wrong password!".toCharArray(), HOME));
        }
        AuthenticationException e = refused(() -> login("alice@acme.test"));
        assertEquals(Reason.THROTTLED, e.reason());
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
        assertEquals("throttled", audit("acme", "auth.login").get(0).details().get("reason"));

        fx.clock.advance(Duration.ofSeconds(31));
        login("alice@acme.test");
    }

    @Test
    public void aRevokedRoleStopsWorkingWhenTheEventArrives() {
        TokenPair pair = login("alice@acme.test");
        assertTrue(auth.authenticate(pair.accessToken(), HOME).holds(Role.DEVELOPER, "web"));

        fx.db.tenancy().revoke("acme", "alice", "web");
        // without the event, the roles read a moment ago are still used ...
        assertTrue(auth.authenticate(pair.accessToken(), HOME).holds(Role.DEVELOPER, "web"));
        // ... the event drops them at once
        fx.accessChanged("acme", "alice");
        Caller after = auth.authenticate(pair.accessToken(), HOME);
        assertFalse(after.holds(Role.DEVELOPER, "web"));
        assertFalse(after.hasAnyRole());
        assertFalse(fx.services().accessPolicy().allows(after, io.coditect.studio.api.security.Resource.SESSION,
                io.coditect.studio.api.security.Operation.CREATE,
                io.coditect.studio.api.security.Target.team("acme", "web")));
    }

    @Test
    public void aDisabledUserIsRefusedAtOnce() {
        TokenPair pair = login("alice@acme.test");
        auth.authenticate(pair.accessToken(), HOME);
        var alice = fx.db.tenancy().findUser("acme", "alice").orElseThrow();
        fx.db.tenancy().updateUser(alice.withDisabled(true));
        fx.accessChanged("acme", null); // an event naming only the organisation clears all of it
        assertEquals(Reason.DISABLED, refused(() -> auth.authenticate(pair.accessToken(), HOME)).reason());
        assertEquals(Reason.DISABLED, refused(() -> auth.refresh(pair.refreshToken(), HOME)).reason());
        assertTrue("refusing the refresh ended the session", fx.revoked.contains("acme/" + pair.sessionId()));
    }

    @Test
    public void withoutAnEventRolesAreReadAgainAfterAFewSeconds() {
        TokenPair pair = login("alice@acme.test");
        auth.authenticate(pair.accessToken(), HOME);
        fx.db.tenancy().grant("acme", "alice", null, Role.BILLING_ADMIN);
        assertNull(auth.authenticate(pair.accessToken(), HOME).orgRole());
        fx.clock.advance(AccessDirectory.DEFAULT_TTL);
        assertEquals(Role.BILLING_ADMIN, auth.authenticate(pair.accessToken(), HOME).orgRole());
    }

    @Test
    public void aDeletedUserIsRefused() {
        TokenPair pair = login("alice@acme.test");
        fx.db.tenancy().deleteUser("acme", "alice");
        fx.accessChanged("acme", "alice");
        assertEquals(Reason.INVALID, refused(() -> auth.authenticate(pair.accessToken(), HOME)).reason());
    }

    @Test
    public void logoutEndsTheSessionEverywhere() {
        TokenPair pair = login("alice@acme.test");
        TokenPair otherDevice = login("alice@acme.test");
        Caller alice = auth.authenticate(pair.accessToken(), "10.0.0.9");
        auth.logout(alice);

        assertEquals(Reason.REVOKED, refused(() -> auth.authenticate(pair.accessToken(), HOME)).reason());
        assertEquals(Reason.REVOKED, refused(() -> auth.refresh(pair.refreshToken(), HOME)).reason());
        assertEquals(List.of("acme/" + pair.sessionId()), fx.revoked);
        auth.authenticate(otherDevice.accessToken(), HOME);

        AuditEvent logout = audit("acme", "auth.logout").get(0);
        assertEquals("alice", logout.actor());
        assertEquals("10.0.0.9", logout.sourceAddress());
        assertEquals("session/" + pair.sessionId(), logout.target());
    }

    @Test
    public void aRefreshGivesANewPairAndTheOldRefreshTokenIsSpent() {
        TokenPair first = login("alice@acme.test");
        fx.clock.advance(Duration.ofMinutes(30));
        TokenPair second = auth.refresh(first.refreshToken(), "10.0.0.2");
        assertEquals(first.sessionId(), second.sessionId());
        assertNotEquals(first.accessToken(), second.accessToken());
        assertEquals("alice", auth.authenticate(second.accessToken(), HOME).userId());
        AuditEvent refresh = audit("acme", "auth.refresh").get(0);
        assertEquals(AuditOutcome.SUCCESS, refresh.outcome());
        assertEquals("10.0.0.2", refresh.sourceAddress());

        // the spent token again: theft, so the session ends and its streams are closed
        AuthenticationException reuse = refused(() -> auth.refresh(first.refreshToken(), "203.0.113.5"));
        assertEquals(Reason.REVOKED, reuse.reason());
        assertEquals(Reason.REVOKED, refused(() -> auth.authenticate(second.accessToken(), HOME)).reason());
        assertEquals(List.of("acme/" + first.sessionId()), fx.revoked);
        AuditEvent revoke = audit("acme", "auth.session.revoke").get(0);
        assertEquals("refresh-token-reuse", revoke.details().get("reason"));
        assertEquals("203.0.113.5", revoke.sourceAddress());

        assertEquals(Reason.INVALID, refused(() -> auth.refresh("made-up", HOME)).reason());
        assertEquals(AuditOutcome.FAILURE, audit(null, "auth.refresh").get(0).outcome());
    }

    @Test
    public void apiKeysResolveToTheirOwnerWithScopes() {
        ApiKeyIssued issued = fx.services().apiKeyService().issue(Caller.system("acme"), "bob", "CI",
                Set.of("projects:read"), null);
        Caller ci = auth.authenticate(issued.secret(), "192.0.2.1");
        assertEquals(Credential.API_KEY, ci.credential());
        assertEquals("bob", ci.userId());
        assertEquals(issued.key().id(), ci.credentialId());
        assertEquals(Set.of("projects:read"), ci.scopes());
        assertEquals(Role.ORG_ADMIN, ci.orgRole());
        assertEquals("apikey:" + issued.key().id(), ci.actor());
        assertThrows(IllegalArgumentException.class, () -> auth.logout(ci));

        assertEquals(Reason.INVALID, refused(() -> auth.authenticate(issued.secret() + "x", HOME)).reason());
        ApiKeyRecord revoked = fx.services().apiKeyService().revoke(Caller.system("acme"), issued.key().id());
        assertTrue(revoked.revokedAt() != null);
        assertEquals(Reason.REVOKED, refused(() -> auth.authenticate(issued.secret(), HOME)).reason());
    }

    @Test
    public void anApiKeyOfADisabledOwnerIsRefused() {
        ApiKeyIssued issued = fx.services().apiKeyService().issue(Caller.system("acme"), "alice", "laptop",
                Set.of("*"), null);
        auth.authenticate(issued.secret(), HOME);
        var alice = fx.db.tenancy().findUser("acme", "alice").orElseThrow();
        fx.db.tenancy().updateUser(alice.withDisabled(true));
        fx.accessChanged("acme", "alice");
        assertEquals(Reason.DISABLED, refused(() -> auth.authenticate(issued.secret(), HOME)).reason());
    }

    @Test
    public void garbageAndMissingCredentialsAreRefused() {
        assertEquals(Reason.MISSING, refused(() -> auth.authenticate(null, HOME)).reason());
        assertEquals(Reason.MISSING, refused(() -> auth.authenticate("  ", HOME)).reason());
        assertEquals(Reason.INVALID, refused(() -> auth.authenticate("eyJhbGciOiJub25lIn0.e30.", HOME)).reason());
        assertEquals(Reason.INVALID, refused(() -> auth.authenticate("csk_nothing", HOME)).reason());
    }

    @Test
    public void theSigningKeyRotatesForStudioAdminsOnly() throws Exception {
        TokenPair before = login("bob@acme.test");
        Caller bob = auth.authenticate(before.accessToken(), HOME);
        SigningKeys keys = fx.services().signingKeys();
        assertThrows(AccessDeniedException.class, () -> keys.rotate(bob));
        assertEquals(AuditOutcome.DENIED, audit("acme", "auth.signing-key.rotate").get(0).outcome());

        String kid = keys.rotate(Caller.system("default"));
        assertTrue(keys.jwksJson().contains(kid));
        assertEquals("bob", auth.authenticate(before.accessToken(), HOME).userId());
        TokenPair after = login("bob@acme.test");
        assertEquals(kid, com.nimbusds.jwt.SignedJWT.parse(after.accessToken()).getHeader().getKeyID());
        assertEquals("signing-key/" + kid, fx.db.audit().query("default",
                AuditFilter.ALL.withAction("auth.signing-key.rotate"), PageRequest.first()).items().get(0).target());
    }
}
