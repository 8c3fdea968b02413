package io.coditect.studio.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Variants of a plugin jar made in the test: another version, a broken one, a signed one. */
final class PluginJars {

    private PluginJars() {
    }

    /** A copy of {@code source} whose manifest has {@code headers} set (a null value removes one). */
    static Path withHeaders(Path source, Path target, Map<String, String> headers) throws IOException {
        try (JarFile in = new JarFile(source.toFile(), false)) {
            Manifest manifest = new Manifest(in.getManifest());
            headers.forEach((name, value) -> {
                if (value == null) {
                    manifest.getMainAttributes().remove(new java.util.jar.Attributes.Name(name));
                } else {
                    manifest.getMainAttributes().putValue(name, value);
                }
            });
            try (OutputStream os = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(os, manifest)) {
                for (JarEntry e : Collections.list(in.entries())) {
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream content = in.getInputStream(e)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    /** Signs {@code jar} in place with the JDK's jarsigner and a key pair made by its keytool; answers the PEM. */
    static String signWithNewKey(Path jar, Path dir, String dname) throws Exception {
        Path store = dir.resolve("signer.p12");
        Files.deleteIfExists(store);
        run(tool("keytool"), "-genkeypair", "-alias", "signer", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit");
        run(tool("jarsigner"), "-keystore", store.toString(), "-storepass", "changeit", jar.toString(), "signer");
        Path pem = dir.resolve("signer.pem");
        run(tool("keytool"), "-exportcert", "-rfc", "-alias", "signer", "-keystore", store.toString(), "-storepass",
                "changeit", "-file", pem.toString());
        return Files.readString(pem);
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }
}
