package io.coditect.studio.security.internal;

import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.RevocationListener;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.security.internal.apikey.ApiKeyCodec;
import io.coditect.studio.security.internal.apikey.ApiKeyServiceImpl;
import io.coditect.studio.security.internal.apikey.ApiKeyVerifier;
import io.coditect.studio.security.internal.password.Pbkdf2PasswordHasher;
import io.coditect.studio.security.internal.rbac.RbacPolicy;
import io.coditect.studio.security.internal.shiro.ApiKeyRealm;
import io.coditect.studio.security.internal.shiro.BearerTokenRealm;
import io.coditect.studio.security.internal.shiro.PasswordRealm;
import io.coditect.studio.security.internal.shiro.StudioSecurityManager;
import io.coditect.studio.security.internal.throttle.LoginThrottle;
import io.coditect.studio.security.internal.token.TokenService;
import io.coditect.studio.security.internal.token.TokenSettings;
import io.coditect.studio.security.internal.vault.KeyVault;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The security services of the studio wired together, without OSGi: what
 * {@link SecurityComponent} registers and what the tests use.
 */
final class SecurityServices {

    /**
     * @param tokens           issuer and token lifetimes
     * @param systemOrg        the organisation whose admins administer the studio
     * @param pbkdf2Iterations work factor of new password hashes
     */
    record Settings(TokenSettings tokens, String systemOrg, int pbkdf2Iterations) {

        static final Settings DEFAULTS = new Settings(TokenSettings.DEFAULTS, "default",
                Pbkdf2PasswordHasher.DEFAULT_ITERATIONS);

        static Settings of(SecurityConfig config) {
            return new Settings(new TokenSettings(config.issuer(), Duration.ofSeconds(config.accessTokenTtl()),
                    Duration.ofSeconds(config.refreshTokenTtl())), config.systemOrg(), config.pbkdf2Iterations());
        }
    }

    private final Pbkdf2PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final TokenService tokens;
    private final AccessDirectory directory;
    private final ShiroAuthenticator authenticator;
    private final SigningKeys signingKeys;
    private final AccessPolicy accessPolicy;
    private final ApiKeyService apiKeys;
    private final FirstBootAdmin firstBootAdmin;

    SecurityServices(Settings settings, KeyVault vault, TenancyStore tenancy, ApiKeyStore apiKeyStore,
            AuditLog auditLog, Transactions transactions, RevocationListener revocations, Clock clock,
            Function<String, String> env) {
        AuthAudit audit = new AuthAudit(auditLog);
        hasher = new Pbkdf2PasswordHasher(settings.pbkdf2Iterations());
        throttle = new LoginThrottle(clock);
        tokens = new TokenService(vault, settings.tokens(), clock);
        directory = new AccessDirectory(tenancy, clock, AccessDirectory.DEFAULT_TTL, AccessDirectory.DEFAULT_CAPACITY);
        byte[] hmacKey = vault.apiKeyHmacKey();
        ApiKeyCodec codec;
        try {
            codec = new ApiKeyCodec(hmacKey);
        } finally {
            Arrays.fill(hmacKey, (byte) 0);
        }
        StudioSecurityManager shiro = new StudioSecurityManager(List.of(new PasswordRealm(tenancy, hasher, throttle),
                new BearerTokenRealm(tokens), new ApiKeyRealm(new ApiKeyVerifier(apiKeyStore, codec, clock))));
        authenticator = new ShiroAuthenticator(shiro, tokens, directory, tenancy, audit, revocations,
                settings.systemOrg());
        signingKeys = new SigningKeyService(tokens, audit);
        accessPolicy = new RbacPolicy();
        apiKeys = new ApiKeyServiceImpl(apiKeyStore, tenancy, accessPolicy, auditLog, codec, clock, revocations);
        firstBootAdmin = new FirstBootAdmin(tenancy, transactions, hasher, audit, vault.directory(), env,
                settings.systemOrg());
    }

    /** Creates the system organisation and its administrator on first boot; see {@link FirstBootAdmin}. */
    boolean ensureFirstBootAdmin() {
        return firstBootAdmin.ensure();
    }

    Authenticator authenticator() {
        return authenticator;
    }

    Pbkdf2PasswordHasher passwordHasher() {
        return hasher;
    }

    TokenService tokens() {
        return tokens;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    SigningKeys signingKeys() {
        return signingKeys;
    }

    AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    ApiKeyService apiKeyService() {
        return apiKeys;
    }

    /** Clears cached roles; what the {@code ACCESS_CHANGED} event handler calls. */
    AccessChangeHandler accessChangeHandler() {
        return new AccessChangeHandler(directory);
    }
}
