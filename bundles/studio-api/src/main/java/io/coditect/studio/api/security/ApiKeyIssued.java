package io.coditect.studio.api.security;

import io.coditect.studio.api.apikey.ApiKeyRecord;

/**
 * A key just issued: the only moment its secret is known.
 *
 * @param key    what the studio keeps (the digest, never the secret)
 * @param secret the whole key to hand to the client, {@code <prefix>.<orgId>.<secret part>}
 */
public record ApiKeyIssued(ApiKeyRecord key, String secret) {

    @Override
    public String toString() {
        return "ApiKeyIssued[" + key.id() + ", prefix=" + key.prefix() + "]";
    }
}
