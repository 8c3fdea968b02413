package io.coditect.studio.security.internal.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's master key and the key material sealed with it, kept in {@code <data>/security/}:
 * {@code master.key} (unless {@value #MASTER_KEY_ENV} is set), the HMAC key of API key digests and
 * the token signing keys. Everything is generated on first boot and kept: losing the master key
 * makes sealed configuration values and the signing keys unreadable.
 */
public final class KeyVault {

    /** Environment variable with the base64 of a 32-byte master key; wins over {@code master.key}. */
    public static final String MASTER_KEY_ENV = "STUDIO_MASTER_KEY";

    static final String MASTER_KEY_FILE = "master.key";
    static final String HMAC_KEY_FILE = "apikey-hmac.key";
    static final String SIGNING_KEYS_FILE = "signing-keys.json";

    private static final Logger LOG = LoggerFactory.getLogger(KeyVault.class);
    private static final int KEY_BYTES = 32;
    // several components open the vault of one directory; only one of them may generate a key
    private static final Object GENERATION = new Object();

    private final Path directory;
    private final SecretBox box;
    private final SecureRandom random = new SecureRandom();
    private byte[] hmacKey;

    private KeyVault(Path directory, SecretBox box) {
        this.directory = directory;
        this.box = box;
    }

    /**
     * Opens the vault in {@code directory} (created with mode 0700), generating the master key on
     * first boot unless the environment provides one.
     *
     * @param env reads an environment variable ({@code System::getenv})
     * @throws IllegalStateException when the master key given is not 32 bytes of base64
     */
    public static KeyVault open(Path directory, Function<String, String> env) {
        PrivateFiles.directory(directory);
        String fromEnv = env.apply(MASTER_KEY_ENV);
        byte[] master = fromEnv != null && !fromEnv.isBlank()
                ? decodeKey(fromEnv, MASTER_KEY_ENV + " must be the base64 of 32 random bytes, for example the output"
                        + " of 'openssl rand -base64 32'")
                : masterKeyFile(directory.resolve(MASTER_KEY_FILE));
        try {
            return new KeyVault(directory, new SecretBox(master));
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** {@code <karaf.data>/security}, or {@code ./data/security} outside Karaf. */
    public static Path defaultDirectory() {
        return Paths.get(System.getProperty("karaf.data", "data")).resolve("security");
    }

    public Path directory() {
        return directory;
    }

    public SecretBox secretBox() {
        return box;
    }

    /** The 32-byte key of API key digests; a copy the caller may clear. */
    public byte[] apiKeyHmacKey() {
        synchronized (GENERATION) {
            if (hmacKey == null) {
                hmacKey = sealedKey(directory.resolve(HMAC_KEY_FILE));
            }
            return hmacKey.clone();
        }
    }

    /** The file of the token signing keys, whose private parts are sealed with this vault's key. */
    public SigningKeyFile signingKeys() {
        return new SigningKeyFile(directory.resolve(SIGNING_KEYS_FILE), box);
    }

    private static byte[] masterKeyFile(Path file) {
        synchronized (GENERATION) {
            if (!Files.exists(file)) {
                byte[] key = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(key);
                if (PrivateFiles.writeIfAbsent(file, (Base64.getEncoder().encodeToString(key) + "\n")
                        .getBytes(StandardCharsets.US_ASCII))) {
                    LOG.info("generated the studio master key in {}; back it up: sealed secrets and signing keys"
                            + " cannot be read without it", file);
                    return key;
                }
            }
            if (PrivateFiles.isExposed(file)) {
                LOG.warn("{} can be read by other accounts; restrict it with 'chmod 600 {}'", file, file);
            }
            return decodeKey(read(file), "the master key file " + file + " is damaged: it must hold the base64 of 32"
                    + " bytes; restore it from a backup, or sealed secrets cannot be opened");
        }
    }

    private byte[] sealedKey(Path file) {
        if (!Files.exists(file)) {
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            String sealed = box.seal(Base64.getEncoder().encodeToString(key)) + "\n";
            if (PrivateFiles.writeIfAbsent(file, sealed.getBytes(StandardCharsets.US_ASCII))) {
                return key;
            }
        }
        return decodeKey(box.open(read(file)), "the key file " + file + " is damaged; restore it from a backup");
    }

    private static byte[] decodeKey(String base64, String problem) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(problem);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(problem);
        }
        return key;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
