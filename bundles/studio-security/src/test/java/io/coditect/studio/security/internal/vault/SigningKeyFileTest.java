package io.coditect.studio.security.internal.vault;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.coditect.studio.security.internal.vault.SigningKeyFile.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SigningKeyFileTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void keepsPrivateKeysSealed() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("security");
        KeyVault vault = KeyVault.open(dir, n -> null);
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        vault.signingKeys().save(List.of(new SigningKey(key, created, created.plusSeconds(60))));

        Path file = dir.resolve(KeyVault.SIGNING_KEYS_FILE);
        String text = Files.readString(file);
        assertTrue(text.contains("\"kid\":\"k1\""));
        assertFalse("the private exponent is sealed", text.contains(key.getPrivateExponent().toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        List<SigningKey> loaded = KeyVault.open(dir, n -> null).signingKeys().load();
        assertEquals(1, loaded.size());
        assertEquals(key.getPrivateExponent(), loaded.get(0).key().getPrivateExponent());
        assertEquals(created.plusSeconds(60), loaded.get(0).retiredAt());
        assertEquals(created, loaded.get(0).createdAt());
    }

    @Test
    public void anotherMasterKeyCannotReadThem() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("security");
        KeyVault.open(dir, n -> null).signingKeys().save(List.of(new SigningKey(
                new RSAKeyGenerator(2048).keyID("k1").generate(), Instant.EPOCH, null)));
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        KeyVault wrong = KeyVault.open(dir, Map.of(KeyVault.MASTER_KEY_ENV,
                Base64.getEncoder().encodeToString(other))::get);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrong.signingKeys().load());
        assertTrue(e.getMessage(), e.getMessage().contains("master key does not match"));
    }

    @Test
    public void noFileMeansNoKeys() {
        KeyVault vault = KeyVault.open(tmp.getRoot().toPath().resolve("s"), n -> null);
        assertTrue(vault.signingKeys().load().isEmpty());
    }
}
