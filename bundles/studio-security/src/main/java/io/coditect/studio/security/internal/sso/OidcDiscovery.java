package io.coditect.studio.security.internal.sso;

import java.io.IOException;
import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's {@code /.well-known/openid-configuration} and the ID token validator built from
 * it. Read at the first login, not at activation, so a provider that is down does not keep the
 * studio from starting; kept for {@link #MAX_AGE} and, when a refresh fails, kept further rather
 * than failing logins. Signing keys are fetched and refreshed by the validator's JWK source
 * (a key id it does not know makes it reload the key set).
 */
final class OidcDiscovery {

    static final Duration MAX_AGE = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(OidcDiscovery.class);
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;

    /** What discovery found. */
    record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator, Instant loadedAt) {
    }

    private final ProviderSettings settings;
    private final Clock clock;
    private volatile Discovered current;

    OidcDiscovery(ProviderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    Discovered get() {
        Discovered d = current;
        if (d != null && isFresh(d)) {
            return d;
        }
        synchronized (this) {
            d = current;
            if (d != null && isFresh(d)) {
                return d;
            }
            try {
                current = load();
                return current;
            } catch (SsoFailure e) {
                if (d != null) {
                    LOG.warn("Single sign-on provider '{}': keeping the configuration read at {}", settings.id(),
                            d.loadedAt());
                    return d;
                }
                throw e;
            }
        }
    }

    private boolean isFresh(Discovered d) {
        return clock.instant().isBefore(d.loadedAt().plus(MAX_AGE));
    }

    private Discovered load() {
        Issuer issuer = new Issuer(settings.issuer());
        OIDCProviderMetadata metadata;
        try {
            // resolve() also checks that the document names the configured issuer
            metadata = OIDCProviderMetadata.resolve(issuer, settings.connectTimeoutMillis(),
                    settings.readTimeoutMillis());
        } catch (IOException e) {
            LOG.warn("Single sign-on provider '{}': cannot read {}/.well-known/openid-configuration: {}",
                    settings.id(), settings.issuer(), e.toString());
            throw SsoFailure.invalid("provider_unreachable", "The identity provider " + settings.displayName()
                    + " cannot be reached; try again in a moment.");
        } catch (GeneralException e) {
            LOG.error("Single sign-on provider '{}': the OpenID configuration of {} is not usable: {}", settings.id(),
                    settings.issuer(), e.getMessage());
            throw SsoFailure.invalid("provider_misconfigured", "Single sign-on with " + settings.displayName()
                    + " is not set up correctly; ask an administrator to check its issuer.");
        }
        if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null
                || metadata.getJWKSetURI() == null) {
            LOG.error("Single sign-on provider '{}': the OpenID configuration of {} lacks the authorization, token or"
                    + " JWKS endpoint", settings.id(), settings.issuer());
            throw SsoFailure.invalid("provider_misconfigured", "Single sign-on with " + settings.displayName()
                    + " is not set up correctly; ask an administrator to check its issuer.");
        }
        return new Discovered(metadata, validator(issuer, metadata), clock.instant());
    }

    private IDTokenValidator validator(Issuer issuer, OIDCProviderMetadata metadata) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(metadata.getJWKSetURI().toURL(),
                    new DefaultResourceRetriever(settings.connectTimeoutMillis(), settings.readTimeoutMillis(),
                            JWKS_SIZE_LIMIT)).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            LOG.error("Single sign-on provider '{}': its jwks_uri is not a URL: {}", settings.id(), e.getMessage());
            throw SsoFailure.invalid("provider_misconfigured", "Single sign-on with " + settings.displayName()
                    + " is not set up correctly; ask an administrator to check its issuer.");
        }
        IDTokenValidator validator = new IDTokenValidator(issuer, settings.clientId(),
                new JWSVerificationKeySelector<>(signatureAlgorithms(metadata), keys), null);
        validator.setMaxClockSkew(60);
        return validator;
    }

    /**
     * The asymmetric algorithms the provider announces: an HMAC-signed ID token would be checked
     * with the client secret, which a key set does not hold, so those are left out.
     */
    private static Set<JWSAlgorithm> signatureAlgorithms(OIDCProviderMetadata metadata) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        if (metadata.getIDTokenJWSAlgs() != null) {
            for (JWSAlgorithm a : metadata.getIDTokenJWSAlgs()) {
                if (JWSAlgorithm.Family.SIGNATURE.contains(a)) {
                    algorithms.add(a);
                }
            }
        }
        if (algorithms.isEmpty()) {
            algorithms.add(JWSAlgorithm.RS256);
        }
        return algorithms;
    }
}
