package io.coditect.studio.security.internal.shiro;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.security.internal.token.AccessClaims;
import io.coditect.studio.security.internal.token.TokenService;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.realm.Realm;

/** Session access tokens (JWT), checked by the {@link TokenService}. */
public final class BearerTokenRealm implements Realm {

    public static final String NAME = "studio-bearer";

    private final TokenService tokens;

    public BearerTokenRealm(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof BearerToken;
    }

    @Override
    public AuthenticationInfo getAuthenticationInfo(AuthenticationToken token) {
        AccessClaims claims;
        try {
            claims = tokens.verify(((BearerToken) token).token());
        } catch (AuthenticationException e) {
            throw AuthenticationFailure.of(e, "token-" + e.reason().name().toLowerCase(java.util.Locale.ROOT), null);
        }
        var session = claims.session();
        return new SimpleAuthenticationInfo(new StudioPrincipal(session.orgId(), session.userId(),
                session.credential(), session.sessionId(), null), null, NAME);
    }
}
