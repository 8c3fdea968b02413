package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.api.StudioIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The format of API keys, {@code <prefix>.<orgId>.<secret>}: a visible prefix ({@code csk_} and 12
 * base62 characters) to find the record by, the organisation to look it up in, and 32 random bytes
 * in base64url. The studio keeps only {@link #digest}, an HMAC-SHA256 of the whole key under a key
 * of the studio, so a stolen database does not yield working keys and a digest cannot be matched
 * by hashing guesses without the studio's key.
 */
public final class ApiKeyCodec {

    /** Every prefix starts with this, so leaked keys are easy to recognise (secret scanners). */
    public static final String PREFIX_START = "csk_";

    private static final int PREFIX_RANDOM_CHARS = 12;
    private static final int SECRET_BYTES = 32;
    private static final int MIN_HMAC_KEY_BYTES = 32;
    private static final String DIGEST_VERSION = "v1:";
    private static final String HMAC = "HmacSHA256";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    // 32 bytes are 43 base64url characters without padding
    private static final Pattern KEY = Pattern.compile(
            "(csk_[0-9A-Za-z]{" + PREFIX_RANDOM_CHARS + "})\\.([a-z0-9-]{1,63})\\.([A-Za-z0-9_-]{43})");
    private static final int MAX_KEY_LENGTH = 200;

    /** A new key; {@code fullKey} is shown once and never kept. */
    public record Generated(String prefix, String fullKey) {

        @Override
        public String toString() {
            return "Generated[prefix=" + prefix + "]";
        }
    }

    /** The parts of a presented key. */
    public record Parsed(String prefix, String orgId, String secret) {

        /** The key as presented, which is what the digest covers. */
        public String fullKey() {
            return prefix + "." + orgId + "." + secret;
        }

        @Override
        public String toString() {
            return "Parsed[prefix=" + prefix + ", orgId=" + orgId + "]";
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Mac prototype;

    /**
     * @param hmacKey the studio's digest key, at least 32 bytes; changing it invalidates every key
     *                issued before
     */
    public ApiKeyCodec(byte[] hmacKey) {
        Objects.requireNonNull(hmacKey, "hmacKey");
        if (hmacKey.length < MIN_HMAC_KEY_BYTES) {
            throw new IllegalArgumentException("the API key digest key has " + hmacKey.length + " bytes: give at least "
                    + MIN_HMAC_KEY_BYTES + " random bytes");
        }
        try {
            prototype = Mac.getInstance(HMAC);
            prototype.init(new SecretKeySpec(Arrays.copyOf(hmacKey, hmacKey.length), HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no " + HMAC + ": use a standard JDK", e);
        }
    }

    public Generated generate(String orgId) {
        StudioIds.require("organisation", orgId);
        char[] chars = new char[PREFIX_RANDOM_CHARS];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = BASE62[random.nextInt(BASE62.length)];
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String prefix = PREFIX_START + new String(chars);
        return new Generated(prefix, prefix + "." + orgId + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(secret));
    }

    /** The parts of a well-formed key; empty for anything else, without saying what is wrong. */
    public Optional<Parsed> parse(String presented) {
        if (presented == null || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(presented);
        if (!m.matches() || !StudioIds.isValid(m.group(2)) || !canonical(m.group(3))) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(m.group(1), m.group(2), m.group(3)));
    }

    // 43 characters carry 258 bits: the last character must leave the two spare bits zero, so one
    // secret has exactly one spelling
    private static boolean canonical(String secret) {
        int last = secret.charAt(secret.length() - 1);
        int value = last >= 'A' && last <= 'Z' ? last - 'A' : last >= 'a' && last <= 'z' ? last - 'a' + 26
                : last >= '0' && last <= '9' ? last - '0' + 52 : last == '-' ? 62 : 63;
        return (value & 0b11) == 0;
    }

    /** {@code v1:} and the hex HMAC-SHA256 of the whole key. */
    public String digest(String fullKey) {
        return DIGEST_VERSION + HexFormat.of().formatHex(mac().doFinal(fullKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code fullKey} has {@code digest}, in time independent of where they differ. */
    public boolean matches(String fullKey, String digest) {
        if (fullKey == null || digest == null) {
            return false;
        }
        return MessageDigest.isEqual(digest(fullKey).getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII));
    }

    // a Mac is not thread-safe; cloning the initialised one is cheaper than a new init per request
    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(HMAC + " of this Java runtime cannot be cloned", e);
        }
    }
}
