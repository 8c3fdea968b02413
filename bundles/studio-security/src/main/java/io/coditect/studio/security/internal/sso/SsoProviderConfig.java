package io.coditect.studio.security.internal.sso;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One identity provider for single sign-on: a factory configuration with factory PID
 * {@value SsoProviderComponent#PID}, for example {@code etc/io.coditect.studio.security.sso-okta.cfg}.
 */
@ObjectClassDefinition(id = SsoProviderComponent.PID, name = "CODITECT Studio single sign-on provider",
        description = "An OpenID Connect, Google or GitHub identity provider whose users log in to one organisation."
                + " One configuration per provider.")
public @interface SsoProviderConfig {

    @AttributeDefinition(name = "Provider id", description = "Id of the provider in login URLs, unique among the"
            + " providers: 1-63 lower-case letters, digits or inner hyphens, for example 'okta'.")
    String id();

    @AttributeDefinition(name = "Display name", required = false,
            description = "Text of the login button, for example 'Acme Okta'. Empty: the provider id.")
    String displayName() default "";

    @AttributeDefinition(name = "Organisation", description = "Id of the organisation the provider's users belong to.")
    String orgId();

    @AttributeDefinition(name = "Type", description = "oidc: any OpenID Connect provider (set the issuer);"
            + " google: OpenID Connect with Google's issuer preset; github: GitHub's OAuth apps.",
            options = { @Option(value = "oidc", label = "OpenID Connect"), @Option(value = "google", label = "Google"),
                @Option(value = "github", label = "GitHub") })
    String type() default "oidc";

    @AttributeDefinition(name = "Issuer", required = false, description = "OpenID Connect issuer URL; its"
            + " /.well-known/openid-configuration is read once and cached. Required for type oidc; for google"
            + " empty means https://accounts.google.com.")
    String issuer() default "";

    @AttributeDefinition(name = "Authorization endpoint", required = false, description = "GitHub only: where the"
            + " browser logs in. Empty: https://github.com/login/oauth/authorize. For GitHub Enterprise"
            + " https://<host>/login/oauth/authorize.")
    String authorizationEndpoint() default "";

    @AttributeDefinition(name = "Token endpoint", required = false, description = "GitHub only: where the code is"
            + " exchanged. Empty: https://github.com/login/oauth/access_token.")
    String tokenEndpoint() default "";

    @AttributeDefinition(name = "API URL", required = false, description = "GitHub only: the REST API that answers"
            + " /user and /user/emails. Empty: https://api.github.com. For GitHub Enterprise https://<host>/api/v3.")
    String apiUrl() default "";

    @AttributeDefinition(name = "Client id", description = "The client (application) id registered at the provider.")
    String clientId();

    @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD, required = false,
            description = "The client secret, may be stored as ENC(...). Leave empty to read it from the environment"
                    + " variable named below.")
    String clientSecret() default "";

    @AttributeDefinition(name = "Client secret environment variable", required = false,
            description = "Environment variable holding the client secret, used when 'Client secret' is empty.")
    String clientSecretEnv() default "";

    @AttributeDefinition(name = "Scopes", required = false, description = "Scopes to request. Empty: 'openid email"
            + " profile' for OpenID Connect and Google, 'read:user user:email' for GitHub. 'openid' is always added"
            + " for OpenID Connect.")
    String[] scopes() default {};

    @AttributeDefinition(name = "Groups claim", description = "ID token claim listing the user's groups.")
    String groupsClaim() default "groups";

    @AttributeDefinition(name = "Group roles", required = false, description = "Roles given to members of a group:"
            + " group=ROLE for a role of the whole organisation (ORG_ADMIN, BILLING_ADMIN) or group=ROLE@team for a"
            + " team role (TEAM_ADMIN, PROJECT_LEAD, DEVELOPER, ANALYST), for example 'eng=DEVELOPER@backend'."
            + " Several entries in one value are separated by ';'. Logins only add or raise roles, never lower or"
            + " remove one.")
    String[] groupRoles() default {};

    @AttributeDefinition(name = "Create users", description = "Create a user at the first login of an unknown"
            + " e-mail address; when off, only users that already exist in the organisation can log in.")
    boolean autoCreateUsers() default true;

    @AttributeDefinition(name = "Callback base", required = false, description = "Public base URL of the studio,"
            + " for example https://studio.example.com, when the studio runs behind a proxy that hides it; the"
            + " callback path is appended to it. Empty: the callback URL the studio computes.")
    String callbackBase() default "";

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", description = "Time to open a connection to the provider.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Read timeout (s)", min = "1", description = "Time to wait for the provider's answer.")
    int readTimeoutSeconds() default 15;
}
