package io.coditect.studio.security.internal.vault;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeyVaultTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir() {
        return tmp.getRoot().toPath().resolve("data").resolve("security");
    }

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    public void sealsAndOpens() {
        SecretBox box = KeyVault.open(dir(), name -> null).secretBox();
        String sealed = box.seal("sk-ant-secret value ü");
        assertTrue(sealed, sealed.matches("ENC\\(v1:[A-Za-z0-9_-]+\\)"));
        assertFalse(sealed.contains("secret"));
        assertEquals("sk-ant-secret value ü", box.open(sealed));
        assertNotEquals("a fresh IV each time", sealed, box.seal("sk-ant-secret value ü"));
        assertEquals("", box.open(box.seal("")));
    }

    @Test
    public void passesThroughValuesThatAreNotSealed() {
        SecretBox box = KeyVault.open(dir(), name -> null).secretBox();
        assertEquals("plain", box.open("plain"));
        assertEquals("ENC(", box.open("ENC("));
        assertEquals(null, box.open(null));
    }

    @Test
    public void aWrongMasterKeyIsNamed() {
        String sealed = KeyVault.open(dir(), Map.of(KeyVault.MASTER_KEY_ENV, randomKey())::get).secretBox()
                .seal("secret");
        SecretBox other = KeyVault.open(tmp.getRoot().toPath().resolve("other"),
                Map.of(KeyVault.MASTER_KEY_ENV, randomKey())::get).secretBox();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.open(sealed));
        assertTrue(e.getMessage(), e.getMessage().contains("master key does not match"));
    }

    @Test
    public void aTamperedValueIsRefused() {
        SecretBox box = KeyVault.open(dir(), name -> null).secretBox();
        String sealed = box.seal("secret");
        int i = sealed.length() - 5;
        String tampered = sealed.substring(0, i) + (sealed.charAt(i) == 'A' ? 'B' : 'A') + sealed.substring(i + 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> box.open(tampered));
        assertTrue(e.getMessage().contains("altered"));
        assertThrows(IllegalStateException.class, () -> box.open("ENC(v1:AAAA)"));
        assertThrows(IllegalStateException.class, () -> box.open("ENC(v1:!!!)"));
        IllegalStateException version = assertThrows(IllegalStateException.class, () -> box.open("ENC(v9:AAAA)"));
        assertTrue(version.getMessage().contains("unknown"));
    }

    @Test
    public void keyFilesAreOwnerOnly() throws Exception {
        KeyVault vault = KeyVault.open(dir(), name -> null);
        vault.apiKeyHmacKey();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
        for (String f : new String[] {KeyVault.MASTER_KEY_FILE, KeyVault.HMAC_KEY_FILE}) {
            assertEquals(f, "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve(f))));
        }
        assertTrue(Files.readString(dir().resolve(KeyVault.HMAC_KEY_FILE)).startsWith("ENC(v1:"));
    }

    @Test
    public void keysAreKeptAcrossRestarts() {
        KeyVault first = KeyVault.open(dir(), name -> null);
        String sealed = first.secretBox().seal("kept");
        byte[] hmac = first.apiKeyHmacKey();
        assertEquals(32, hmac.length);

        KeyVault again = KeyVault.open(dir(), name -> null);
        assertEquals("kept", again.secretBox().open(sealed));
        assertArrayEquals(hmac, again.apiKeyHmacKey());
    }

    @Test
    public void theEnvironmentKeyWinsAndWritesNoFile() {
        String key = randomKey();
        String sealed = KeyVault.open(dir(), Map.of(KeyVault.MASTER_KEY_ENV, key)::get).secretBox().seal("x");
        assertFalse(Files.exists(dir().resolve(KeyVault.MASTER_KEY_FILE)));
        assertEquals("x", KeyVault.open(dir(), Map.of(KeyVault.MASTER_KEY_ENV, key)::get).secretBox().open(sealed));
        // the HMAC key sealed with the environment key cannot be read with a generated one
        KeyVault.open(dir(), Map.of(KeyVault.MASTER_KEY_ENV, key)::get).apiKeyHmacKey();
        KeyVault generated = KeyVault.open(dir(), name -> null);
        assertThrows(IllegalStateException.class, generated::apiKeyHmacKey);
    }

    @Test
    public void aMalformedEnvironmentKeyIsExplained() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyVault.open(dir(), Map.of(KeyVault.MASTER_KEY_ENV, "c2hvcnQ=")::get));
        assertTrue(e.getMessage(), e.getMessage().contains(KeyVault.MASTER_KEY_ENV)
                && e.getMessage().contains("32"));
    }

    @Test
    public void aDamagedMasterKeyFileIsExplained() throws Exception {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve(KeyVault.MASTER_KEY_FILE), "not a key");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyVault.open(dir(), n -> null));
        assertTrue(e.getMessage(), e.getMessage().contains("damaged"));
    }
}
