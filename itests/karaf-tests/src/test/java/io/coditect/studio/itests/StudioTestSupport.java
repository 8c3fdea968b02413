package io.coditect.studio.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.karaf.itests.KarafTestSupport;
import org.junit.Rule;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Boots the studio's own assembly (not a stock Karaf) on free ports, with Karaf's test support.
 */
public abstract class StudioTestSupport extends KarafTestSupport {

    /** KarafTestSupport reruns a failed test once; a failure here must stay a failure. */
    @Rule
    public Retry noRetry = new Retry(false);

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public MavenArtifactUrlReference getKarafDistribution() {
        return maven().groupId("io.coditect.studio").artifactId("studio-assembly").versionAsInProject().type("tar.gz");
    }

    @Configuration
    @Override
    public Option[] config() {
        return OptionUtils.combine(super.config(),
                // the path of the plugin jar is known to the build, not to the container
                editConfigurationFilePut("etc/system.properties", "studio.test.provider.jar",
                        System.getProperty("studio.test.provider.jar")),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure",
                        String.valueOf(freePort())),
                // the tests poll the API faster than the default 120 requests a minute per user allow
                editConfigurationFilePut("etc/io.coditect.studio.core.ratelimit.cfg", "user.requests.per.minute",
                        "6000"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected String api(String path) throws Exception {
        return "http://127.0.0.1:" + getHttpPort() + "/api/v1" + path;
    }

    protected HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api(path))).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any method with a raw body (null for none) as the administrator. */
    protected HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api(path))).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken());
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String adminToken;

    /**
     * A session token of the first-boot administrator, whose one-time password the studio wrote to
     * data/security/first-boot-admin.txt (the test runs inside the container, so it can read it).
     */
    protected synchronized String adminToken() throws Exception {
        if (adminToken == null) {
            Path file = Path.of(System.getProperty("karaf.data"), "security", "first-boot-admin.txt");
            if (!eventually(Duration.ofSeconds(60), () -> Files.exists(file))) {
                throw new AssertionError("the studio wrote no first-boot administrator to " + file);
            }
            Map<String, String> fields = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(": ");
                if (!line.startsWith("#") && colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            String body = JSON.writeValueAsString(Map.of("org", fields.get("organisation"), "email",
                    fields.get("e-mail"), "password", fields.get("password")));
            HttpResponse<String> r = null;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // the API is published once the database, security and REST bundles are all up
            while (System.nanoTime() < end) {
                r = HTTP.send(HttpRequest.newBuilder(URI.create(api("/auth/login"))).header("Content-Type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
                Thread.sleep(200);
            }
            if (r == null || r.statusCode() != 200) {
                throw new AssertionError("login as the first-boot administrator failed: "
                        + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
            }
            adminToken = JSON.readTree(r.body()).get("access_token").asText();
        }
        return adminToken;
    }

    protected JsonNode getJson(String path) throws Exception {
        return JSON.readTree(get(path).body());
    }

    /** Waits for a condition without turning its speed into a test verdict. */
    protected static boolean eventually(Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
