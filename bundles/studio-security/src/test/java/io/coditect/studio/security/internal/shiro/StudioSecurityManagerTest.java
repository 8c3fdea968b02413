package io.coditect.studio.security.internal.shiro;

import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.security.AuthenticationException.Reason;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.security.internal.password.Pbkdf2PasswordHasher;
import io.coditect.studio.security.internal.throttle.LoginThrottle;
import java.util.List;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.realm.Realm;
import org.junit.Test;

public class StudioSecurityManagerTest {

    private static final String PASSWORD = "correct horse battery staple";

    /** A realm for bearer tokens that fails the way a database does. */
    private static final class BrokenRealm implements Realm {
        final StoreException failure = new StoreException(StoreException.Kind.UNAVAILABLE, "database is down");

        @Override
        public String getName() {
            return "broken";
        }

        @Override
        public boolean supports(AuthenticationToken token) {
            return token instanceof BearerToken;
        }

        @Override
        public AuthenticationInfo getAuthenticationInfo(AuthenticationToken token) {
            throw failure;
        }
    }

    @Test
    public void aRealmsReasonAndOtherFailuresPassThrough() {
        MutableClock clock = new MutableClock();
        try (StudioDatabase db = EmbeddedStudioDatabase.open(clock)) {
            Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);
            BrokenRealm broken = new BrokenRealm();
            StudioSecurityManager shiro = new StudioSecurityManager(List.of(
                    new PasswordRealm(db.tenancy(), hasher, new LoginThrottle(clock)), broken));

            AuthenticationFailure wrong = assertThrows(AuthenticationFailure.class,
                    () -> shiro.authenticate(new PasswordLoginToken("acme", "a@acme.test", "x".toCharArray(), null)));
            assertEquals(Reason.INVALID, wrong.reason());
            assertEquals("unknown-user", wrong.detail());

            assertSame(broken.failure, assertThrows(StoreException.class,
                    () -> shiro.authenticate(new BearerToken("eyJ", null))));

            AuthenticationFailure unsupported = assertThrows(AuthenticationFailure.class,
                    () -> shiro.authenticate(new UsernamePasswordToken("u", "p")));
            assertEquals(Reason.INVALID, unsupported.reason());
        }
    }

    @Test
    public void aLoginUpgradesAnOldHash() {
        MutableClock clock = new MutableClock();
        try (StudioDatabase db = EmbeddedStudioDatabase.open(clock)) {
            db.tenancy().createOrganisation(Organisation.of("acme", "Acme"));
            db.tenancy().createUser(User.of("acme", "alice", "alice@acme.test", "Alice"));
            db.tenancy().setPasswordHash("acme", "alice",
                    new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS).hash(PASSWORD.toCharArray()));
            Pbkdf2PasswordHasher stronger = new Pbkdf2PasswordHasher(20_000);
            StudioSecurityManager shiro = new StudioSecurityManager(List.of(
                    new PasswordRealm(db.tenancy(), stronger, new LoginThrottle(clock))));

            StudioPrincipal alice = shiro.authenticate(new PasswordLoginToken("acme", "alice@acme.test",
                    PASSWORD.toCharArray(), "10.0.0.1"));
            assertEquals(new StudioPrincipal("acme", "alice", Credential.PASSWORD, null, null), alice);
            String upgraded = db.tenancy().findPasswordHash("acme", "alice").orElseThrow();
            assertTrue(upgraded, upgraded.startsWith("$pbkdf2-sha256$i=20000$"));
            assertTrue(stronger.verify(PASSWORD.toCharArray(), upgraded));
        }
    }

    @Test
    public void tokensNeverPrintTheirSecrets() {
        assertEquals("BearerToken", new BearerToken("eyJsecret", null).toString());
        assertEquals("ApiKeyToken", new ApiKeyToken("csk_x.acme.secret", null).toString());
        assertTrue(!new PasswordLoginToken("acme", "a@b", "secret".toCharArray(), null).toString().contains("secret"));
    }
}
