package io.coditect.studio.security.internal.token;

import java.time.Duration;

/**
 * How tokens are issued.
 *
 * @param issuer     the {@code iss} claim; tokens of another issuer are refused
 * @param accessTtl  lifetime of an access token (SDD §5.1: one hour)
 * @param refreshTtl lifetime of a refresh token; each refresh starts a new one
 */
public record TokenSettings(String issuer, Duration accessTtl, Duration refreshTtl) {

    public static final String DEFAULT_ISSUER = "coditect-studio";
    public static final TokenSettings DEFAULTS = new TokenSettings(DEFAULT_ISSUER, Duration.ofHours(1),
            Duration.ofHours(12));

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public TokenSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("the token issuer is empty: set it, for example to '" + DEFAULT_ISSUER
                    + "'");
        }
        if (accessTtl == null || accessTtl.compareTo(Duration.ofSeconds(30)) < 0
                || accessTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the access token lifetime " + accessTtl
                    + " is out of range: use 30 seconds to 1 day");
        }
        if (refreshTtl == null || refreshTtl.compareTo(accessTtl) < 0
                || refreshTtl.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("the refresh token lifetime " + refreshTtl
                    + " is out of range: use at least the access token lifetime and at most 90 days");
        }
    }

    public TokenSettings withIssuer(String newIssuer) {
        return new TokenSettings(newIssuer, accessTtl, refreshTtl);
    }

    public TokenSettings withAccessTtl(Duration ttl) {
        return new TokenSettings(issuer, ttl, refreshTtl);
    }

    public TokenSettings withRefreshTtl(Duration ttl) {
        return new TokenSettings(issuer, accessTtl, ttl);
    }
}
