package io.coditect.studio.security.internal.vault;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The token signing keys on disk, {@code signing-keys.json}: the key id and dates in clear, each
 * whole key (with its private part) sealed with the master key.
 */
public final class SigningKeyFile {

    /**
     * A signing key pair.
     *
     * @param key       the RSA key pair, with its key id
     * @param createdAt when it was generated
     * @param retiredAt when a newer key replaced it for signing, or null for the key in use
     */
    public record SigningKey(RSAKey key, Instant createdAt, Instant retiredAt) {

        public SigningKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(key.getKeyID(), "key id");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        public String kid() {
            return key.getKeyID();
        }

        public SigningKey retiredAt(Instant at) {
            return new SigningKey(key, createdAt, at);
        }

        @Override
        public String toString() {
            return "SigningKey[" + kid() + ", created " + createdAt + ", retired " + retiredAt + "]";
        }
    }

    private final Path file;
    private final SecretBox box;

    SigningKeyFile(Path file, SecretBox box) {
        this.file = file;
        this.box = box;
    }

    public Path path() {
        return file;
    }

    /** The keys kept, oldest first; empty before the first key is saved. */
    public List<SigningKey> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(KeyVault.read(file));
            List<SigningKey> keys = new ArrayList<>();
            for (Map<String, Object> entry : JSONObjectUtils.getJSONObjectArray(json, "keys")) {
                RSAKey key = RSAKey.parse(box.open(JSONObjectUtils.getString(entry, "jwk")));
                String retired = JSONObjectUtils.getString(entry, "retiredAt");
                keys.add(new SigningKey(key, Instant.parse(JSONObjectUtils.getString(entry, "createdAt")),
                        retired == null ? null : Instant.parse(retired)));
            }
            return List.copyOf(keys);
        } catch (ParseException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise; // the master key does not match: say so, not "damaged"
            }
            throw new IllegalStateException("the signing key file " + file + " is damaged (" + e.getMessage()
                    + "); restore it from a backup, or delete it to sign with a new key (everybody logs in again)", e);
        }
    }

    public void save(List<SigningKey> keys) {
        List<Object> entries = new ArrayList<>();
        for (SigningKey k : keys) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kid", k.kid());
            entry.put("createdAt", k.createdAt().toString());
            if (k.retiredAt() != null) {
                entry.put("retiredAt", k.retiredAt().toString());
            }
            entry.put("jwk", box.seal(k.key().toJSONString()));
            entries.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("keys", entries);
        PrivateFiles.write(file, (JSONObjectUtils.toJSONString(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
