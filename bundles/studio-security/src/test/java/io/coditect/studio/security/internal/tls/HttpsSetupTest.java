package io.coditect.studio.security.internal.tls;

import static org.junit.Assert.assertEquals;

import java.nio.file.Paths;
import java.util.List;

import org.junit.Test;

public class HttpsSetupTest {

    @Test
    public void takesExtraNamesAsAListOrAsOneCommaSeparatedValue() {
        assertEquals(List.of("studio.example.com", "192.0.2.10", "studio"),
                HttpsSetup.extraNames(new String[] {"studio.example.com, 192.0.2.10", " studio ", ""}));
        assertEquals(List.of(), HttpsSetup.extraNames(new String[0]));
    }

    @Test
    public void keepsTheKeystoreBesideTheVault() {
        assertEquals(Paths.get("/opt/studio/data/security/tls/studio.p12"),
                HttpsSetup.keystoreFile(Paths.get("/opt/studio/data/security")));
    }
}
