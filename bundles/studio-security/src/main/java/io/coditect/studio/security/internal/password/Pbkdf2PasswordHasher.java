package io.coditect.studio.security.internal.password;

import io.coditect.studio.api.security.PasswordHasher;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 of the JDK, stored as {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>}
 * (standard base64 without padding). The iteration count is part of the hash, so raising it keeps
 * old hashes valid; {@link #needsRehash} tells when one should be replaced at the next login.
 */
public final class Pbkdf2PasswordHasher implements PasswordHasher {

    /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a hash is too cheap to guess at; above the maximum a forged hash could stall logins. */
    public static final int MIN_ITERATIONS = 10_000;
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "$pbkdf2-sha256$i=";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public Pbkdf2PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** @throws IllegalArgumentException when {@code iterations} is out of range */
    public Pbkdf2PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations " + iterations + " are out of range: use "
                    + MIN_ITERATIONS + " to " + MAX_ITERATIONS + " (" + DEFAULT_ITERATIONS + " recommended)");
        }
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }

    @Override
    public String hash(char[] password) {
        PasswordRules.check(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        return PREFIX + iterations + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    @Override
    public boolean verify(char[] password, String hash) {
        Parsed parsed = Parsed.of(hash);
        if (parsed == null || password == null || password.length == 0 || password.length > PasswordRules.MAX_LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, parsed.salt, parsed.iterations), parsed.hash);
    }

    /** Whether a valid hash was made with other parameters than this hasher uses now. */
    public boolean needsRehash(String hash) {
        Parsed parsed = Parsed.of(hash);
        return parsed != null && parsed.iterations != iterations;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        // PBEKeySpec copies the password; clearPassword() wipes that copy
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks " + ALGORITHM + ": " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {

        /** null for anything that is not a well-formed hash of this scheme. */
        static Parsed of(String text) {
            if (text == null || !text.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[0]);
                byte[] salt = Base64.getDecoder().decode(parts[1]);
                byte[] hash = Base64.getDecoder().decode(parts[2]);
                if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length < SALT_BYTES
                        || hash.length != HASH_BYTES) {
                    return null;
                }
                return new Parsed(iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
