package io.coditect.studio.security.internal.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.OptionalInt;

import org.junit.Test;

import io.coditect.studio.security.internal.vault.SecretBox;

public class PaxWebHttpsTest {

    @Test
    public void aSealedSwitchCountsAsOn() {
        SecretBox box = new SecretBox(new byte[32]);

        assertEquals(OptionalInt.of(8443), https(PaxWebHttps.SECURE_ENABLED, box.seal("true")).securePort());
        assertEquals(OptionalInt.of(8443), https(PaxWebHttps.SECURE_ENABLED, "true").securePort());
        assertEquals(OptionalInt.empty(), https(PaxWebHttps.SECURE_ENABLED, "false").securePort());
        assertEquals(OptionalInt.empty(), new PaxWebHttps(null).securePort());
    }

    @Test
    public void theSecurePortIsTheConfiguredOne() {
        PaxWebHttps https = https(PaxWebHttps.SECURE_ENABLED, "true", PaxWebHttps.SECURE_PORT, " 9443 ");

        assertEquals(OptionalInt.of(9443), https.securePort());
    }

    @Test
    public void recognisesItsKeystoreWrittenAnotherWay() {
        PaxWebHttps https = https(PaxWebHttps.KEYSTORE, "/opt/studio/data/security/../security/tls/studio.p12");

        assertTrue(https.keystoreIs(Paths.get("/opt/studio/data/security/tls/studio.p12")));
        assertFalse(https.keystoreIs(Paths.get("/opt/other/data/security/tls/studio.p12")));
    }

    private static PaxWebHttps https(String... keysAndValues) {
        Hashtable<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new PaxWebHttps(props);
    }
}
