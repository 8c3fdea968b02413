package io.coditect.studio.security.internal.shiro;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.security.internal.password.Pbkdf2PasswordHasher;
import io.coditect.studio.security.internal.throttle.LoginThrottle;
import java.security.SecureRandom;
import java.util.Optional;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.realm.Realm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password logins: finds the user by organisation and e-mail, checks the password hash and the
 * disabled flag, and counts failures in the {@link LoginThrottle}. Unknown users, wrong passwords
 * and disabled users get the same answer after the same work (a hash is computed for unknown
 * users too), so an answer never tells whether an account exists.
 */
public final class PasswordRealm implements Realm {

    public static final String NAME = "studio-password";
    static final String REFUSED = "the organisation, e-mail or password is not right: check them and try again";

    private static final Logger LOG = LoggerFactory.getLogger(PasswordRealm.class);

    private final TenancyStore tenancy;
    private final Pbkdf2PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final String decoyHash;

    public PasswordRealm(TenancyStore tenancy, Pbkdf2PasswordHasher hasher, LoginThrottle throttle) {
        this.tenancy = tenancy;
        this.hasher = hasher;
        this.throttle = throttle;
        this.decoyHash = hasher.hash(randomPassword());
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof PasswordLoginToken;
    }

    @Override
    public AuthenticationInfo getAuthenticationInfo(AuthenticationToken token) {
        PasswordLoginToken login = (PasswordLoginToken) token;
        String orgId = login.orgId();
        String email = login.email();
        try {
            throttle.check(orgId, email, login.getHost());
        } catch (AuthenticationException e) {
            throw AuthenticationFailure.of(e, "throttled", null);
        }
        Optional<User> user = StudioIds.isValid(orgId) && email != null ? tenancy.findUserByEmail(orgId, email)
                : Optional.empty();
        String hash = user.flatMap(u -> tenancy.findPasswordHash(orgId, u.id())).orElse(null);
        boolean matches = hasher.verify(login.getCredentials(), hash != null ? hash : decoyHash) && hash != null;
        String userId = user.map(User::id).orElse(null);
        if (!matches || user.get().disabled()) {
            throttle.recordFailure(orgId, email, login.getHost());
            String detail = user.isEmpty() ? "unknown-user" : hash == null ? "no-password"
                    : !matches ? "wrong-password" : "disabled";
            throw new AuthenticationFailure(Reason.INVALID, REFUSED, null, detail, userId);
        }
        throttle.recordSuccess(orgId, email);
        if (hasher.needsRehash(hash)) {
            upgrade(orgId, userId, login.getCredentials());
        }
        return new SimpleAuthenticationInfo(new StudioPrincipal(orgId, userId, Credential.PASSWORD, null, null), null,
                NAME);
    }

    /** Re-hashes with the current parameters while the password is at hand. */
    private void upgrade(String orgId, String userId, char[] password) {
        try {
            tenancy.setPasswordHash(orgId, userId, hasher.hash(password));
        } catch (RuntimeException e) {
            // a password that predates the rules, or a busy database: the old hash still works
            LOG.info("password hash of {}/{} kept with its old parameters: {}", orgId, userId, e.getMessage());
        }
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] p = new char[24];
        for (int i = 0; i < p.length; i++) {
            p[i] = (char) ('a' + random.nextInt(26));
        }
        return p;
    }
}
