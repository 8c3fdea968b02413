package io.coditect.studio.security.internal.shiro;

import io.coditect.studio.api.security.AuthenticationException.Reason;
import java.util.List;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.mgt.DefaultSecurityManager;
import org.apache.shiro.mgt.DefaultSessionStorageEvaluator;
import org.apache.shiro.mgt.DefaultSubjectDAO;
import org.apache.shiro.realm.Realm;
import org.apache.shiro.session.mgt.DefaultSessionManager;
import org.apache.shiro.subject.Subject;

/**
 * Apache Shiro set up for a stateless API: every request proves itself with a token or key, so
 * Shiro keeps no sessions (the login sessions are the token service's). Not installed in Shiro's
 * static {@code SecurityUtils}: other bundles of the same Karaf may use Shiro for themselves.
 */
public final class StudioSecurityManager {

    private final DefaultSecurityManager securityManager;

    public StudioSecurityManager(List<Realm> realms) {
        securityManager = new DefaultSecurityManager();
        OneRealmPerToken authenticator = new OneRealmPerToken();
        authenticator.setRealms(List.copyOf(realms));
        securityManager.setAuthenticator(authenticator);
        securityManager.setRealms(List.copyOf(realms));
        DefaultSessionStorageEvaluator evaluator = new DefaultSessionStorageEvaluator();
        evaluator.setSessionStorageEnabled(false);
        ((DefaultSubjectDAO) securityManager.getSubjectDAO()).setSessionStorageEvaluator(evaluator);
        if (securityManager.getSessionManager() instanceof DefaultSessionManager sessions) {
            sessions.setSessionValidationSchedulerEnabled(false);
        }
    }

    /**
     * Logs the token in as a new, session-less subject.
     *
     * @return who it is
     * @throws AuthenticationFailure why the token was refused; any other failure (a database that
     *                               cannot be reached) passes unchanged
     */
    public StudioPrincipal authenticate(AuthenticationToken token) {
        Subject subject = new Subject.Builder(securityManager).sessionCreationEnabled(false).buildSubject();
        try {
            subject.login(token);
        } catch (AuthenticationFailure e) {
            throw e;
        } catch (org.apache.shiro.authc.AuthenticationException e) {
            // Shiro wraps what is not its own type
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new AuthenticationFailure(Reason.INVALID, "the credential is not valid", null, "refused", null);
        }
        return (StudioPrincipal) subject.getPrincipal();
    }
}
