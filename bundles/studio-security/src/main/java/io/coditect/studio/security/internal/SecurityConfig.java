package io.coditect.studio.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of authentication, PID {@value SecurityComponent#PID}; optional. */
@ObjectClassDefinition(id = SecurityComponent.PID, name = "CODITECT Studio: authentication",
        description = "Session tokens, password hashing and the organisation of the studio's administrators.")
public @interface SecurityConfig {

    @AttributeDefinition(name = "Token issuer", description = "The iss claim of access tokens; tokens of another"
            + " issuer are refused, so changing it logs everybody out.")
    String issuer() default "coditect-studio";

    @AttributeDefinition(name = "Access token lifetime (s)", min = "30", max = "86400")
    long accessTokenTtl() default 3_600;

    @AttributeDefinition(name = "Refresh token lifetime (s)", description = "Each refresh starts a new one; at"
            + " least the access token lifetime.", min = "30", max = "7776000")
    long refreshTokenTtl() default 43_200;

    @AttributeDefinition(name = "System organisation", description = "Its organisation admins administer the studio"
            + " itself; created on first boot with an administrator.")
    String systemOrg() default "default";

    @AttributeDefinition(name = "PBKDF2 iterations", description = "Work factor of new password hashes (OWASP:"
            + " 600000). Existing hashes are upgraded at their next login.", min = "10000", max = "10000000")
    int pbkdf2Iterations() default 600_000;
}
