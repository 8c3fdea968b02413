package io.coditect.studio.security.internal.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.coditect.studio.security.internal.vault.SigningKeyFile;
import io.coditect.studio.security.internal.vault.SigningKeyFile.SigningKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA keys tokens are signed with: the newest signs, the retired ones still verify until every
 * token they signed has expired. Reads take an immutable snapshot, so verification never locks.
 */
final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final int RSA_BITS = 2048;

    /** The keys at one moment. */
    private record Snapshot(SigningKey active, JWSSigner signer, Map<String, JWSVerifier> verifiers, String jwks) {
    }

    private final SigningKeyFile file;
    private final Duration accessTtl;
    private final Clock clock;
    private volatile Snapshot snapshot;

    KeyRing(SigningKeyFile file, Duration accessTtl, Clock clock) {
        this.file = file;
        this.accessTtl = accessTtl;
        this.clock = clock;
        List<SigningKey> keys = new ArrayList<>(file.load());
        boolean changed = prune(keys, clock.instant());
        if (keys.stream().noneMatch(k -> k.retiredAt() == null)) {
            keys.add(generate(clock.instant()));
            changed = true;
            LOG.info("generated a token signing key ({})", keys.get(keys.size() - 1).kid());
        }
        if (changed) {
            file.save(keys);
        }
        snapshot = snapshot(keys);
    }

    SigningKey active() {
        return snapshot.active();
    }

    JWSSigner signer() {
        return snapshot.signer();
    }

    /** The verifier of key {@code kid}, or null for a key that is unknown or long retired. */
    JWSVerifier verifier(String kid) {
        return kid == null ? null : snapshot.verifiers().get(kid);
    }

    /** The public keys, as a JWK set document. */
    String jwks() {
        return snapshot.jwks();
    }

    /** Signs new tokens with a new key from now on; the old key keeps verifying its tokens. */
    synchronized SigningKey rotate() {
        Instant now = clock.instant();
        List<SigningKey> keys = new ArrayList<>();
        for (SigningKey k : file.load()) {
            keys.add(k.retiredAt() == null ? k.retiredAt(now) : k);
        }
        prune(keys, now);
        SigningKey fresh = generate(now);
        keys.add(fresh);
        file.save(keys);
        snapshot = snapshot(keys);
        return fresh;
    }

    /** Drops the keys whose last token has expired. */
    private boolean prune(List<SigningKey> keys, Instant now) {
        return keys.removeIf(k -> k.retiredAt() != null && !now.isBefore(k.retiredAt().plus(accessTtl)));
    }

    private static SigningKey generate(Instant now) {
        try {
            RSAKey key = new RSAKeyGenerator(RSA_BITS).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).issueTime(Date.from(now)).generate();
            return new SigningKey(key, now, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA signing key: " + e.getMessage(), e);
        }
    }

    private static Snapshot snapshot(List<SigningKey> keys) {
        SigningKey active = null;
        Map<String, JWSVerifier> verifiers = new HashMap<>();
        List<JWK> publicKeys = new ArrayList<>();
        try {
            for (SigningKey k : keys) {
                if (k.retiredAt() == null) {
                    active = k;
                }
                verifiers.put(k.kid(), new RSASSAVerifier(k.key().toRSAPublicKey()));
                publicKeys.add(k.key().toPublicJWK());
            }
            if (active == null) {
                throw new IllegalStateException("no signing key is in use");
            }
            return new Snapshot(active, new RSASSASigner(active.key()), Map.copyOf(verifiers),
                    new JWKSet(publicKeys).toString(true));
        } catch (JOSEException e) {
            throw new IllegalStateException("a signing key cannot be used: " + e.getMessage(), e);
        }
    }
}
