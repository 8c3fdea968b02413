package io.coditect.studio.security.internal.shiro;

import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.pam.ModularRealmAuthenticator;
import org.apache.shiro.realm.Realm;

/**
 * Hands each token to the one realm for its type. Shiro's multi-realm strategies would swallow a
 * realm's exception into a generic one; here the realm's {@link AuthenticationFailure} reaches
 * the caller with its reason.
 */
final class OneRealmPerToken extends ModularRealmAuthenticator {

    @Override
    protected AuthenticationInfo doAuthenticate(AuthenticationToken token) {
        assertRealmsConfigured();
        for (Realm realm : getRealms()) {
            if (realm.supports(token)) {
                return doSingleRealmAuthentication(realm, token);
            }
        }
        throw new AuthenticationFailure(io.coditect.studio.api.security.AuthenticationException.Reason.INVALID,
                "this kind of credential is not accepted", null, "unsupported-credential", null);
    }
}
