package io.coditect.studio.security.internal.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.Test;

public class SubjectNamesTest {

    @Test
    public void thisHostHasLocalhostAndTheLoopbackAddresses() throws Exception {
        SubjectNames names = SubjectNames.forThisHost(List.of());

        assertEquals("localhost", names.dnsNames().get(0));
        assertTrue(names.addresses().contains(InetAddress.getByName("127.0.0.1")));
        assertTrue(names.addresses().contains(InetAddress.getByName("::1")));
        String host = InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        assertTrue(names + " has " + host, names.dnsNames().contains(host));
    }

    @Test
    public void addsWhatTheAdminListsWithoutDuplicates() throws Exception {
        SubjectNames names = SubjectNames.forThisHost(List.of("Studio.Example.COM", " 192.0.2.10 ", "localhost", ""));

        assertTrue(names.dnsNames().contains("studio.example.com"));
        assertEquals(1, names.dnsNames().stream().filter("localhost"::equals).count());
        assertTrue(names.addresses().contains(InetAddress.getByName("192.0.2.10")));
    }

    @Test
    public void refusesWhatIsNeitherANameNorAnAddress() {
        for (String bad : List.of("studio example", "300.1.1.1", "-studio", "a..b", "https://studio")) {
            assertThrows(bad, IllegalArgumentException.class, () -> SubjectNames.of(List.of("localhost", bad)));
        }
    }

    @Test
    public void needsADnsName() {
        assertThrows(IllegalArgumentException.class, () -> SubjectNames.of(List.of("127.0.0.1")));
    }
}
