package io.coditect.studio.security.internal.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens whose signature and claims have been checked, so that a request with a known
 * token skips the RSA verification. Keyed by 128 bits of the token's SHA-256 digest (the token
 * itself is not kept); bounded: when full, expired entries go, and if that is not enough, all.
 */
final class VerifiedTokens {

    static final int DEFAULT_CAPACITY = 20_000;

    /** 128 bits of a token's SHA-256 digest. */
    record Key(long high, long low) {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime lacks SHA-256", e);
        }
    });

    private final Map<Key, AccessClaims> entries = new ConcurrentHashMap<>();
    private final int capacity;

    VerifiedTokens(int capacity) {
        this.capacity = capacity;
    }

    static Key key(String token) {
        byte[] d = SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.wrap(d);
        return new Key(b.getLong(), b.getLong());
    }

    AccessClaims get(Key key) {
        return entries.get(key);
    }

    void put(Key key, AccessClaims claims, Instant now) {
        if (!now.isBefore(claims.expiresAt())) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.values().removeIf(c -> !now.isBefore(c.expiresAt()));
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(key, claims);
    }

    int size() {
        return entries.size();
    }
}
