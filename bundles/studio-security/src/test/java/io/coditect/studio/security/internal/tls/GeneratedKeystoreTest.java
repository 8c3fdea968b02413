package io.coditect.studio.security.internal.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.coditect.studio.security.internal.vault.SecretBox;

public class GeneratedKeystoreTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final SecretBox box = new SecretBox(randomKey());
    private KeystoreFile file;
    private List<String> hostNames = List.of("localhost", "studio-7", "127.0.0.1", "::1");

    @Before
    public void setUp() {
        file = new KeystoreFile(HttpsSetup.keystoreFile(tmp.getRoot().toPath().resolve("security")));
    }

    @Test
    public void firstBootMakesAKeystoreAndTurnsHttpsOnWithTheSealedPassword() throws Exception {
        Hashtable<String, Object> settings = keystore(NOW).settingsFor(null).orElseThrow();

        assertSealedTrue(settings.get(PaxWebHttps.SECURE_ENABLED));
        assertEquals("8443", settings.get(PaxWebHttps.SECURE_PORT));
        assertEquals(file.path().toAbsolutePath().toString(), settings.get(PaxWebHttps.KEYSTORE));
        assertEquals("PKCS12", settings.get(PaxWebHttps.KEYSTORE_TYPE));
        assertEquals("studio", settings.get(PaxWebHttps.KEY_ALIAS));
        String sealed = (String) settings.get(PaxWebHttps.KEYSTORE_PASSWORD);
        assertTrue(sealed, SecretBox.isSealed(sealed));
        assertEquals(sealed, settings.get(PaxWebHttps.KEY_PASSWORD));

        X509Certificate cert = file.certificate(box.open(sealed)).orElseThrow();
        assertEquals(NOW.plus(Duration.ofDays(365)), cert.getNotAfter().toInstant());
        assertTrue(GeneratedKeystore.covers(cert, SubjectNames.of(hostNames)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent())));
    }

    @Test
    public void laterBootsKeepTheKeystoreAndTheSealedText() throws Exception {
        Hashtable<String, Object> first = keystore(NOW).settingsFor(paxWebAsShipped()).orElseThrow();
        byte[] keystoreBytes = Files.readAllBytes(file.path());

        Hashtable<String, Object> second = keystore(NOW.plus(Duration.ofDays(100))).settingsFor(first).orElseThrow();

        assertEquals("nothing changes, so Pax Web does not restart", first, second);
        assertTrue(java.util.Arrays.equals(keystoreBytes, Files.readAllBytes(file.path())));
    }

    @Test
    public void keepsEveryOtherPaxWebSettingAndTheAdminsPort() {
        Hashtable<String, Object> shipped = paxWebAsShipped();
        shipped.put(PaxWebHttps.SECURE_PORT, "9443");

        Hashtable<String, Object> settings = keystore(NOW).settingsFor(shipped).orElseThrow();

        assertEquals("8181", settings.get("org.osgi.service.http.port"));
        assertEquals("127.0.0.1", settings.get("org.ops4j.pax.web.listening.addresses"));
        assertEquals("/etc/org.ops4j.pax.web.cfg", settings.get("felix.fileinstall.filename"));
        assertEquals("9443", settings.get(PaxWebHttps.SECURE_PORT));
        assertSealedTrue(settings.get(PaxWebHttps.SECURE_ENABLED));
    }

    @Test
    public void leavesAnAdminsKeystoreAlone() {
        Hashtable<String, Object> admins = paxWebAsShipped();
        admins.put(PaxWebHttps.KEYSTORE, "/etc/pki/studio.jks");
        admins.put(PaxWebHttps.KEYSTORE_PASSWORD, "changeit");

        assertEquals(Optional.empty(), keystore(NOW).settingsFor(admins));
        assertFalse(Files.exists(file.path()));
    }

    @Test
    public void sealsTheSwitchOfAnAdminsKeystoreWhosePasswordIsSealed() {
        Hashtable<String, Object> admins = paxWebAsShipped();
        admins.put(PaxWebHttps.SECURE_ENABLED, "true");
        admins.put(PaxWebHttps.KEYSTORE, "/etc/pki/studio.jks");
        admins.put(PaxWebHttps.KEYSTORE_PASSWORD, box.seal("changeit"));

        Hashtable<String, Object> settings = keystore(NOW).settingsFor(admins).orElseThrow();

        assertSealedTrue(settings.get(PaxWebHttps.SECURE_ENABLED));
        settings.remove(PaxWebHttps.SECURE_ENABLED);
        admins.remove(PaxWebHttps.SECURE_ENABLED);
        assertEquals("the rest is the admin's", admins, settings);
        assertFalse(Files.exists(file.path()));
    }

    @Test
    public void handsOverAnAdminsSealedSwitchAgainUnchanged() {
        Hashtable<String, Object> admins = paxWebAsShipped();
        admins.put(PaxWebHttps.KEYSTORE, "/etc/pki/studio.jks");
        admins.put(PaxWebHttps.KEYSTORE_PASSWORD, box.seal("changeit"));
        admins.put(PaxWebHttps.SECURE_ENABLED, box.seal("true"));

        assertEquals(admins, keystore(NOW).settingsFor(admins).orElseThrow());
    }

    @Test
    public void renewsACertificateThatExpiresWithinThirtyDays() throws Exception {
        Hashtable<String, Object> first = keystore(NOW).settingsFor(null).orElseThrow();
        X509Certificate old = certificate(first);

        Hashtable<String, Object> stillGood = keystore(NOW.plus(Duration.ofDays(334))).settingsFor(first).orElseThrow();
        assertEquals(old, certificate(stillGood));

        Instant later = NOW.plus(Duration.ofDays(336));
        Hashtable<String, Object> renewed = keystore(later).settingsFor(first).orElseThrow();
        X509Certificate fresh = certificate(renewed);
        assertNotEquals(old.getSerialNumber(), fresh.getSerialNumber());
        assertEquals(later.plus(Duration.ofDays(365)), fresh.getNotAfter().toInstant());
        assertNotEquals("a new password", first.get(PaxWebHttps.KEYSTORE_PASSWORD), renewed.get(PaxWebHttps.KEYSTORE_PASSWORD));
    }

    @Test
    public void renewsWhenTheHostHasANewName() throws Exception {
        Hashtable<String, Object> first = keystore(NOW).settingsFor(null).orElseThrow();
        X509Certificate old = certificate(first);
        hostNames = List.of("localhost", "studio-8", "127.0.0.1", "::1");

        X509Certificate renamed = certificate(keystore(NOW).settingsFor(first).orElseThrow());

        assertTrue(GeneratedKeystore.covers(renamed, SubjectNames.of(hostNames)));
        assertFalse(GeneratedKeystore.covers(old, SubjectNames.of(hostNames)));
        assertNotEquals(old, renamed);
    }

    @Test
    public void replacesTheKeystoreWhenTheMasterKeyChanged() throws Exception {
        Hashtable<String, Object> first = keystore(NOW).settingsFor(null).orElseThrow();
        SecretBox otherKey = new SecretBox(randomKey());

        Hashtable<String, Object> settings = new GeneratedKeystore(file, otherKey, () -> SubjectNames.of(hostNames),
                Duration.ofDays(365), Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC)).settingsFor(first).orElseThrow();

        String sealed = (String) settings.get(PaxWebHttps.KEYSTORE_PASSWORD);
        assertTrue(file.certificate(otherKey.open(sealed)).isPresent());
    }

    @Test
    public void sealsAPasswordSomebodyWroteInPlainText() throws Exception {
        Hashtable<String, Object> first = keystore(NOW).settingsFor(null).orElseThrow();
        String plain = box.open((String) first.get(PaxWebHttps.KEYSTORE_PASSWORD));
        first.put(PaxWebHttps.KEYSTORE_PASSWORD, plain);
        X509Certificate before = file.certificate(plain).orElseThrow();

        Hashtable<String, Object> settings = keystore(NOW).settingsFor(first).orElseThrow();

        String sealed = (String) settings.get(PaxWebHttps.KEYSTORE_PASSWORD);
        assertTrue(SecretBox.isSealed(sealed));
        assertEquals(plain, box.open(sealed));
        assertFalse(settings.containsValue(plain));
        assertEquals(before, certificate(settings));
    }

    private void assertSealedTrue(Object value) {
        assertTrue(String.valueOf(value), SecretBox.isSealed((String) value));
        assertEquals("true", box.open((String) value));
    }

    private GeneratedKeystore keystore(Instant now) {
        return new GeneratedKeystore(file, box, () -> SubjectNames.of(hostNames), Duration.ofDays(365),
                Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
    }

    private X509Certificate certificate(Hashtable<String, Object> settings) {
        String password = (String) settings.get(PaxWebHttps.KEYSTORE_PASSWORD);
        return file.certificate(box.open(password)).orElseThrow();
    }

    private static Hashtable<String, Object> paxWebAsShipped() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.pid", PaxWebHttps.PID);
        props.put("felix.fileinstall.filename", "/etc/org.ops4j.pax.web.cfg");
        props.put("org.osgi.service.http.port", "8181");
        props.put("org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        props.put("org.osgi.service.http.enabled", "true");
        props.put(PaxWebHttps.SECURE_ENABLED, "false");
        return props;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
