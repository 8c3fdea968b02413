package io.coditect.studio.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.admin.PluginSource;
import io.coditect.studio.api.store.StoreException;

/**
 * Receives a jar into a file of its own before anything else looks at it: the signature check
 * and the manifest checks read the file, and the framework installs from it.
 */
final class JarIntake {

    /** Far above any plugin here (the largest, with the AWS SDK embedded, is 9 MB). */
    static final long MAX_BYTES = 64L << 20;

    private static final Pattern MAVEN = Pattern.compile(
            "mvn:[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)?)?");

    /** A received jar and the SHA-256 of its bytes. */
    record Received(Path file, String sha256) {
    }

    private JarIntake() {
    }

    static void checkCoordinate(String coordinate) {
        if (coordinate == null || !MAVEN.matcher(coordinate.strip()).matches()) {
            throw StoreException.invalid("'" + StudioIds.printable(coordinate) + "' is not a Maven coordinate: use"
                    + " mvn:groupId/artifactId/version (the repositories are those of etc/org.ops4j.pax.url.mvn.cfg)");
        }
    }

    /** Copies an uploaded jar or fetches a Maven one into {@code target}. */
    static Received receive(PluginSource source, Path target) {
        if (source instanceof PluginSource.Jar jar) {
            return copy(jar.content(), target, "the uploaded jar");
        }
        if (source instanceof PluginSource.Maven maven) {
            String coordinate = maven.coordinate().strip();
            checkCoordinate(coordinate);
            try (InputStream in = new URL(coordinate).openStream()) {
                return copy(in, target, coordinate);
            } catch (MalformedURLException e) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "Maven URLs are not available in this"
                        + " framework (pax-url-aether is missing)", e);
            } catch (IOException e) {
                throw StoreException.invalid("cannot fetch " + coordinate + " from the Maven repositories: "
                        + e.getMessage());
            }
        }
        throw StoreException.invalid("a feature is not a jar: install it as a feature");
    }

    /** Fetches the jar a bundle was installed from, when its location is a URL the framework can open. */
    static Received fetch(String location, Path target) throws IOException {
        try (InputStream in = new URL(location).openStream()) {
            return copy(in, target, location);
        }
    }

    private static Received copy(InputStream in, Path target, String what) {
        try (OutputStream out = Files.newOutputStream(target)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > MAX_BYTES) {
                    throw StoreException.invalid(what + " is larger than " + (MAX_BYTES >> 20) + " MiB");
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw StoreException.invalid(what + " is empty: send the plugin's jar as the request body");
            }
            return new Received(target, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw StoreException.invalid("cannot read " + what + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
