package io.coditect.studio.security.internal.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

public class SelfSignedCertificateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void namesLocalhostTheLoopbackAddressesAndTheHost() throws Exception {
        SubjectNames names = SubjectNames.of(List.of("localhost", "studio-7", "127.0.0.1", "::1"));
        X509Certificate cert = SelfSignedCertificate.generate(names, Duration.ofDays(365), NOW).certificate();

        Set<String> dns = new HashSet<>();
        Set<InetAddress> ips = new HashSet<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            if ((Integer) san.get(0) == 2) {
                dns.add((String) san.get(1));
            } else if ((Integer) san.get(0) == 7) {
                ips.add(InetAddress.getByName((String) san.get(1)));
            }
        }
        assertEquals(Set.of("localhost", "studio-7"), dns);
        assertEquals(Set.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), ips);
        assertTrue(cert.getSubjectX500Principal().getName(), cert.getSubjectX500Principal().getName().contains("CN=studio-7"));
        assertEquals("self-signed", cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
    }

    @Test
    public void isValidForOneYearFromAnHourAgo() throws Exception {
        X509Certificate cert = SelfSignedCertificate.generate(SubjectNames.of(List.of("localhost")),
                Duration.ofDays(365), NOW).certificate();

        assertEquals(NOW.minus(Duration.ofHours(1)), cert.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(365)), cert.getNotAfter().toInstant());
        cert.checkValidity(java.util.Date.from(NOW));
    }

    @Test
    public void isAServerCertificateThatIsNoAuthority() throws Exception {
        X509Certificate cert = SelfSignedCertificate.generate(SubjectNames.of(List.of("localhost")),
                Duration.ofDays(365), NOW).certificate();

        assertEquals("not a CA", -1, cert.getBasicConstraints());
        assertTrue("digitalSignature", cert.getKeyUsage()[0]);
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
    }

    @Test
    public void twoCertificatesHaveDifferentKeysAndSerials() {
        SubjectNames names = SubjectNames.of(List.of("localhost"));
        X509Certificate a = SelfSignedCertificate.generate(names, Duration.ofDays(1), NOW).certificate();
        X509Certificate b = SelfSignedCertificate.generate(names, Duration.ofDays(1), NOW).certificate();

        assertFalse(a.getSerialNumber().equals(b.getSerialNumber()));
        assertFalse(a.getPublicKey().equals(b.getPublicKey()));
        assertTrue(a.getSerialNumber().signum() > 0);
    }

    @Test
    public void servesATlsHandshakeToAClientThatTrustsIt() throws Exception {
        SelfSignedCertificate identity = SelfSignedCertificate.generate(SubjectNames.forThisHost(List.of()),
                Duration.ofDays(365), Instant.now());
        Path file = tmp.getRoot().toPath().resolve("tls/studio.p12");
        String password = KeystoreFile.newPassword();
        new KeystoreFile(file).write(identity, password);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Tls.server(file, password)));
        server.createContext("/", exchange -> {
            byte[] body = "hello over TLS".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            SSLContext trusting = Tls.clientTrusting(identity.certificate());
            HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
            int port = server.getAddress().getPort();
            // the client checks the name it dialled against the certificate: a DNS name and an address
            for (String host : List.of("localhost", "127.0.0.1")) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(host, 200, response.statusCode());
                assertEquals("hello over TLS", response.body());
                X509Certificate served = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
                assertEquals(identity.certificate(), served);
            }
        } finally {
            server.stop(0);
        }
    }
}
