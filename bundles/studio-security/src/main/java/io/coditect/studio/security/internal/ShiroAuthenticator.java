package io.coditect.studio.security.internal;

import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.RevocationListener;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.security.internal.AccessDirectory.Access;
import io.coditect.studio.security.internal.apikey.ApiKeyCodec;
import io.coditect.studio.security.internal.shiro.ApiKeyToken;
import io.coditect.studio.security.internal.shiro.AuthenticationFailure;
import io.coditect.studio.security.internal.shiro.BearerToken;
import io.coditect.studio.security.internal.shiro.PasswordLoginToken;
import io.coditect.studio.security.internal.shiro.StudioPrincipal;
import io.coditect.studio.security.internal.shiro.StudioSecurityManager;
import io.coditect.studio.security.internal.token.LoginSession;
import io.coditect.studio.security.internal.token.RefreshRejected;
import io.coditect.studio.security.internal.token.TokenService;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.shiro.authc.AuthenticationToken;

/**
 * The studio's {@link Authenticator} on Apache Shiro: the realms prove the credential, this class
 * adds the tenant and the roles (read through a short-lived cache that access-change events clear)
 * and writes the audit events of logins, refreshes and logouts.
 */
final class ShiroAuthenticator implements Authenticator {

    private final StudioSecurityManager shiro;
    private final TokenService tokens;
    private final AccessDirectory directory;
    private final TenancyStore tenancy;
    private final AuthAudit audit;
    private final RevocationListener revocations;
    private final String systemOrg;

    ShiroAuthenticator(StudioSecurityManager shiro, TokenService tokens, AccessDirectory directory,
            TenancyStore tenancy, AuthAudit audit, RevocationListener revocations, String systemOrg) {
        this.shiro = shiro;
        this.tokens = tokens;
        this.directory = directory;
        this.tenancy = tenancy;
        this.audit = audit;
        this.revocations = revocations;
        this.systemOrg = systemOrg;
    }

    @Override
    public Caller authenticate(String credential, String sourceAddress) {
        if (credential == null || credential.isBlank()) {
            throw new AuthenticationException(Reason.MISSING, "no credential: send 'Authorization: Bearer' with an"
                    + " access token or an API key");
        }
        String presented = credential.strip();
        AuthenticationToken token = presented.startsWith(ApiKeyCodec.PREFIX_START)
                ? new ApiKeyToken(presented, sourceAddress) : new BearerToken(presented, sourceAddress);
        StudioPrincipal principal;
        try {
            principal = shiro.authenticate(token);
        } catch (AuthenticationFailure f) {
            throw f.toApiException();
        }
        Access access = activeUser(principal.orgId(), principal.userId(), principal.credential());
        boolean studioAdmin = systemOrg.equals(principal.orgId()) && access.orgRole() == Role.ORG_ADMIN;
        return new Caller(principal.orgId(), principal.userId(), principal.credential(), principal.credentialId(),
                access.orgRole(), access.teamRoles(), principal.scopes(), studioAdmin, sourceAddress);
    }

    @Override
    public TokenPair login(String orgId, String email, char[] password, String sourceAddress) {
        if (orgId == null || orgId.isBlank() || email == null || email.isBlank() || password == null
                || password.length == 0) {
            throw new AuthenticationException(Reason.MISSING, "give the organisation, your e-mail and your password");
        }
        StudioPrincipal principal;
        try {
            principal = shiro.authenticate(new PasswordLoginToken(orgId, email, password, sourceAddress));
        } catch (AuthenticationFailure f) {
            String knownOrg = tenancy.findOrganisation(orgId).isPresent() ? orgId : null;
            audit.record(knownOrg, email, AuthAudit.LOGIN, f.userId() == null ? null : "user/" + f.userId(),
                    AuditOutcome.FAILURE, sourceAddress, Map.of("reason", f.detail(), "credential", "PASSWORD"));
            throw f.toApiException();
        }
        TokenPair pair = tokens.issue(principal.orgId(), principal.userId(), Credential.PASSWORD, sourceAddress);
        audit.record(principal.orgId(), principal.userId(), AuthAudit.LOGIN, "user/" + principal.userId(),
                AuditOutcome.SUCCESS, sourceAddress, Map.of("session", pair.sessionId(), "credential", "PASSWORD"));
        return pair;
    }

    @Override
    public TokenPair refresh(String refreshToken, String sourceAddress) {
        LoginSession session;
        try {
            session = tokens.redeem(refreshToken);
        } catch (RefreshRejected r) {
            refused(r.session(), r.reason(), sourceAddress);
            if (r.sessionRevoked()) {
                revoked(r.session(), "system", "refresh-token-reuse", sourceAddress);
            }
            throw new AuthenticationException(r.reason(), r.getMessage());
        }
        try {
            activeUser(session.orgId(), session.userId(), session.credential());
        } catch (AuthenticationException e) {
            refused(session, e.reason(), sourceAddress);
            tokens.revokeSession(session.sessionId());
            revoked(session, "system", "account-" + e.reason().name().toLowerCase(Locale.ROOT), sourceAddress);
            throw e;
        }
        TokenPair pair = tokens.continueSession(session);
        audit.record(session.orgId(), session.userId(), AuthAudit.REFRESH, "session/" + session.sessionId(),
                AuditOutcome.SUCCESS, sourceAddress, Map.of("credential", session.credential().name()));
        return pair;
    }

    @Override
    public void logout(Caller caller) {
        if (caller.credential() != Credential.PASSWORD && caller.credential() != Credential.SSO
                || caller.credentialId() == null) {
            throw new IllegalArgumentException("only a login session can be logged out; an API key is revoked"
                    + " instead");
        }
        tokens.revokeSession(caller.credentialId());
        revocations.revoked(caller.orgId(), caller.credentialId());
        audit.record(caller.orgId(), caller.actor(), AuthAudit.LOGOUT, "session/" + caller.credentialId(),
                AuditOutcome.SUCCESS, caller.sourceAddress(), Map.of("credential", caller.credential().name()));
    }

    /** The user's roles; refused when the user is gone or disabled, whatever the credential says. */
    private Access activeUser(String orgId, String userId, Credential credential) {
        Access access = directory.lookup(orgId, userId).orElseThrow(() -> new AuthenticationException(Reason.INVALID,
                credential == Credential.API_KEY ? "the API key's owner no longer exists: ask an organisation admin"
                        + " for a new key" : "the login is no longer valid: log in again"));
        if (access.user().disabled()) {
            throw new AuthenticationException(Reason.DISABLED, "the account is disabled: ask an organisation admin"
                    + " to enable it");
        }
        return access;
    }

    private void refused(LoginSession session, Reason reason, String address) {
        audit.record(session == null ? null : session.orgId(), session == null ? "unknown" : session.userId(),
                AuthAudit.REFRESH, session == null ? null : "session/" + session.sessionId(), AuditOutcome.FAILURE,
                address, Map.of("reason", reason.name().toLowerCase(Locale.ROOT)));
    }

    private void revoked(LoginSession session, String actor, String why, String address) {
        revocations.revoked(session.orgId(), session.sessionId());
        Map<String, String> details = new HashMap<>();
        details.put("reason", why);
        details.put("user", session.userId());
        audit.record(session.orgId(), actor, AuthAudit.SESSION_REVOKE, "session/" + session.sessionId(),
                AuditOutcome.SUCCESS, address, details);
    }
}
