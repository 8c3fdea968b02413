package io.coditect.studio.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Seals a secret (a provider API key, an OIDC client secret) with the studio's master key, so it can
 * be written to a configuration in {@code etc/} as {@code ENC(v1:…)}: the studio opens such values
 * before any component sees them, and nobody reading the file learns the secret.
 */
@ProviderType
public interface SecretSealer {

    /** The sealed form, {@code ENC(v1:…)}, of a non-empty secret. */
    String seal(String secret);
}
