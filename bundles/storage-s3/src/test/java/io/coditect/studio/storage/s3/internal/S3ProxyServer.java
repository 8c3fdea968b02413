package io.coditect.studio.storage.s3.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real s3proxy (Maven Central {@code org.gaul:s3proxy}, jar-with-dependencies) with its filesystem
 * backend under {@code target/s3proxy}, run as a separate process on 127.0.0.1 and a free port: one
 * per test JVM, stopped when the JVM exits. It is not put on the test class path, so its many
 * embedded libraries cannot clash with the SDK's.
 */
final class S3ProxyServer {

    static final String ACCESS_KEY = "studio-test-key";
    static final String SECRET_KEY = "s3cr3t-Do-Not-Log-7f1e2d";

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer instance;

    final URI endpoint;
    private final Process process;

    private S3ProxyServer(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    static synchronized S3ProxyServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance.process::destroy));
        }
        return instance;
    }

    /** Settings for a new, empty bucket on this server (one per test, so tests never see each other). */
    S3Settings newBucket(String keyPrefix) {
        String bucket = "t" + BUCKETS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        S3Settings s = new S3Settings("s3", "S3 (test)", endpoint, "us-east-1", bucket, true, ACCESS_KEY, SECRET_KEY,
                null, S3Settings.keyPrefix(keyPrefix), 16 * S3Settings.MIB, 8 * S3Settings.MIB, Duration.ofSeconds(5),
                Duration.ofSeconds(60), true, true);
        try (S3Client c = S3Clients.build(s)) {
            c.createBucket(b -> b.bucket(bucket));
        }
        return s;
    }

    private static S3ProxyServer start() {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property s3proxy.jar does not name the s3proxy jar: " + jar);
        }
        try {
            Path dir = Path.of(System.getProperty("s3proxy.dir", "target/s3proxy"));
            Path data = dir.resolve("data-" + ProcessHandle.current().pid());
            Files.createDirectories(data);
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path props = dir.resolve("s3proxy-" + port + ".properties");
            Files.write(props, List.of(
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data.toAbsolutePath()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx256m", "-jar", jar, "--properties", props.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy-" + port + ".log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("s3proxy exited with " + p.exitValue() + "; see "
                            + dir.resolve("s3proxy-" + port + ".log"));
                }
                try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    if (probe.isConnected()) {
                        return new S3ProxyServer(endpoint, p);
                    }
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("s3proxy did not open port " + port + " within 60 s");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
