package io.coditect.studio.security.internal.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets with the master key (AES-256-GCM) as {@code ENC(v1:<base64url of iv and
 * ciphertext>)}, so they can sit in configuration files and key files without being readable.
 * GCM's tag makes any change of the sealed text, or a different master key, fail loudly.
 */
public final class SecretBox {

    private static final String PREFIX = "ENC(";
    private static final String SUFFIX = ")";
    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "coditect-studio/secret/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key the 32-byte master key; copied */
    public SecretBox(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Whether {@code value} is a sealed value ({@code ENC(...)}). */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX) && value.endsWith(SUFFIX) && value.length() > 5;
    }

    public String seal(String plaintext) {
        if (plaintext == null) {
            throw new IllegalArgumentException("nothing to seal: the value is null");
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out) + SUFFIX;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a value: " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of a sealed value; any other value is returned as it is.
     *
     * @throws IllegalStateException when the value was sealed with another master key, was altered
     *                               or is not a sealed value this version understands
     */
    public String open(String value) {
        if (!isSealed(value)) {
            return value;
        }
        String body = value.substring(PREFIX.length(), value.length() - SUFFIX.length());
        if (!body.startsWith(VERSION)) {
            throw new IllegalStateException("cannot open a sealed value: its format '"
                    + body.substring(0, Math.min(body.length(), 8)) + "' is unknown; seal it again with this studio");
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(body.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw damaged();
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw damaged();
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(data, IV_BYTES));
            byte[] plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw damaged();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a sealed value: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(CONTEXT);
        return cipher;
    }

    private static IllegalStateException damaged() {
        return new IllegalStateException("cannot open a sealed value: the master key does not match the one it was"
                + " sealed with, or the value was altered; set " + KeyVault.MASTER_KEY_ENV
                + " (or restore security/master.key) to the key used when it was sealed");
    }
}
