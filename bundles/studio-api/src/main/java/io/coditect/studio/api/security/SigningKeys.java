package io.coditect.studio.api.security;

import org.osgi.annotation.versioning.ProviderType;


/**
 * The keys that sign session tokens (RS256, one {@code kid} each): their public half for anyone who
 * verifies tokens ({@code /api/v1/auth/jwks.json}) and rotation for administrators.
 */
@ProviderType
public interface SigningKeys {

    /**
     * Signs new tokens with a new key; tokens signed before stay valid until they expire.
     *
     * @return the new key's id
     * @throws AccessDeniedException unless the caller is a studio
     *                               administrator or the studio itself
     */
    String rotate(Caller caller);

    /** The public keys that verify current tokens, as a JWK set document. */
    String jwksJson();
}
