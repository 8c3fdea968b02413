package io.coditect.studio.security.internal.shiro;

import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.security.internal.apikey.ApiKeyVerifier;
import java.util.Locale;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.realm.Realm;

/** API keys of service accounts, checked by the {@link ApiKeyVerifier}. */
public final class ApiKeyRealm implements Realm {

    public static final String NAME = "studio-apikey";

    private final ApiKeyVerifier verifier;

    public ApiKeyRealm(ApiKeyVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof ApiKeyToken;
    }

    @Override
    public AuthenticationInfo getAuthenticationInfo(AuthenticationToken token) {
        ApiKeyRecord key;
        try {
            key = verifier.verify(((ApiKeyToken) token).key());
        } catch (AuthenticationException e) {
            throw AuthenticationFailure.of(e, "apikey-" + e.reason().name().toLowerCase(Locale.ROOT), null);
        }
        return new SimpleAuthenticationInfo(new StudioPrincipal(key.orgId(), key.ownerId(), Credential.API_KEY,
                key.id(), key.scopes()), null, NAME);
    }
}
