package io.coditect.studio.security.internal;

import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.security.internal.token.TokenService;
import java.util.Map;

/** {@link SigningKeys} on the token service, with the access check and the audit event. */
final class SigningKeyService implements SigningKeys {

    private final TokenService tokens;
    private final AuthAudit audit;

    SigningKeyService(TokenService tokens, AuthAudit audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public String rotate(Caller caller) {
        if (!caller.studioAdmin() && caller.credential() != Credential.SYSTEM) {
            audit.record(caller.orgId(), caller.actor(), AuthAudit.KEY_ROTATE, "signing-key", AuditOutcome.DENIED,
                    caller.sourceAddress(), Map.of());
            throw new AccessDeniedException("rotating the token signing key needs a studio administrator (an"
                    + " organisation admin of the system organisation)");
        }
        String previous = tokens.signingKeyId();
        String kid = tokens.rotateSigningKey();
        audit.record(caller.orgId(), caller.actor(), AuthAudit.KEY_ROTATE, "signing-key/" + kid, AuditOutcome.SUCCESS,
                caller.sourceAddress(), Map.of("previous", previous));
        return kid;
    }

    @Override
    public String jwksJson() {
        return tokens.jwks();
    }
}
