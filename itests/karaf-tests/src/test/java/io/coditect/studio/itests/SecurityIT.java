package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Identity and access in the assembly: first-boot admin, tokens, HTTPS, sealed secrets, shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends StudioTestSupport {

    @Test
    public void firstBootAdminLogsInAndLogoutRevokesAtOnce() throws Exception {
        Path file = Paths.get(System.getProperty("karaf.data"), "security", "first-boot-admin.txt");
        String token = adminToken();
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        String me = get("/me").body();
        assertTrue(me, me.contains("\"studioAdmin\":true") && me.contains("\"orgRole\":\"ORG_ADMIN\""));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(api("/orgs"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(api("/auth/jwks.json"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(api("/auth/logout")))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, out.statusCode());
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(api("/me")))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, after.statusCode());
    }

    @Test
    public void httpsCarriesHstsAndNoSecretIsInEtcInPlainText() throws Exception {
        Properties web = new Properties();
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        try (InputStream in = Files.newInputStream(etc.resolve("org.ops4j.pax.web.cfg"))) {
            web.load(in);
        }
        int securePort = Integer.parseInt(web.getProperty("org.osgi.service.http.port.secure"));
        HttpClient https = HttpClient.newBuilder().sslContext(trustingTheSelfSignedCertificate()).build();
        HttpResponse<String> r = null;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // Pax Web restarts once with HTTPS when the security bundle has sealed its keystore password
        while (System.nanoTime() < end) {
            try {
                r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + securePort + "/api/v1/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                break;
            } catch (java.io.IOException notYet) {
                Thread.sleep(250);
            }
        }
        assertTrue("no HTTPS on port " + securePort, r != null);
        assertTrue(r.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age="));
        assertFalse(get("/health").headers().firstValue("Strict-Transport-Security").isPresent());

        String pw = web.getProperty("org.ops4j.pax.web.ssl.keystore.password");
        assertTrue("keystore password sealed: " + pw, pw != null && pw.startsWith("ENC("));
        try (Stream<Path> files = Files.list(etc)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                assertFalse(f + " holds a PEM private key", text.contains("PRIVATE KEY"));
            }
        }
        Path master = Paths.get(System.getProperty("karaf.data"), "security", "master.key");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(master));
        String keys = Files.readString(master.resolveSibling("signing-keys.json"));
        assertFalse("signing key sealed", keys.contains("\"d\""));
    }

    @Test
    public void pathTricksOnPaxWebNeverReachAProtectedMethod() throws Exception {
        adminToken();
        List<String> tricks = List.of("/api/v1/orgs", "/api/v1/orgs/", "/api/v1/orgs;x=1", "/api//v1/orgs",
                "/api/v1/health/../orgs", "/api/v1/health/%2e%2e/orgs", "/api/v1/health;/../orgs",
                "/api/v1/health/..;/orgs", "/api/V1/orgs", "/api/v1/ORGS", "/api/v1/orgs%2F", "/api%2Fv1%2Forgs",
                "/api/v1/auth/login/..;/..;/orgs", "/api/./v1/orgs");
        for (String path : tricks) {
            try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(getHttpPort()))) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                int status = Integer.parseInt(answer.substring(9, 12));
                assertNotEquals(path + " reached a protected method: " + answer, 200, status);
                assertFalse(path + " leaked: " + answer, answer.contains("\"items\""));
            }
        }
    }

    @Test
    public void shellAdministersTenants() throws Exception {
        adminToken();
        String created = executeCommand("studio:org-create itest-shell \"Shell Org\" boss@shell.test");
        assertTrue(created, created.contains("One-time password"));
        executeCommand("studio:teams --create core itest-shell");
        executeCommand("studio:user-create --name Dana itest-shell dana dana@shell.test");
        executeCommand("studio:grant --team core itest-shell dana DEVELOPER");
        String users = executeCommand("studio:users itest-shell");
        assertTrue(users, users.contains("dana") && users.contains("DEVELOPER@core"));
        String keys = executeCommand("studio:apikeys --issue dana --name ci --scope projects:read itest-shell");
        assertTrue(keys, keys.contains("Key (shown once): csk_"));
        String audit = executeCommand("studio:audit itest-shell");
        assertTrue(audit, audit.contains("membership.grant") && audit.contains("apikey.issue"));
        assertTrue(executeCommand("studio:orgs").contains("itest-shell"));
    }

    private static SSLContext trustingTheSelfSignedCertificate() throws Exception {
        // the test checks HSTS, not the certificate chain (SelfSignedCertificateTest covers that)
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }
}
