package io.coditect.studio.plugins.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.coditect.studio.api.store.StoreException;

/**
 * The signature check on real signatures: key pairs and self-signed certificates made with the
 * JDK's keytool, jars signed with its jarsigner.
 */
public class JarSignaturesTest {

    @ClassRule
    public static final TemporaryFolder DIR = new TemporaryFolder();

    static Path unsigned;
    static Path signedByTrusted;
    static Path signedByStranger;
    static List<X509Certificate> trusted;

    @BeforeClass
    public static void makeKeysAndJars() throws Exception {
        Path root = DIR.getRoot().toPath();
        unsigned = jar(root.resolve("plugin.jar"));
        Path trustedStore = keyPair(root, "trusted", "CN=Trusted Plugins");
        Path strangerStore = keyPair(root, "stranger", "CN=Somebody Else");
        signedByTrusted = sign(root, unsigned, trustedStore, "trusted", "signed-trusted.jar");
        signedByStranger = sign(root, unsigned, strangerStore, "stranger", "signed-stranger.jar");
        Path pem = root.resolve("trusted.pem");
        run(tool("keytool"), "-exportcert", "-rfc", "-alias", "trusted", "-keystore", trustedStore.toString(),
                "-storepass", "changeit", "-file", pem.toString());
        trusted = TrustedCertificates.read(new String[] {"trusted.pem"}, root);
        assertEquals(1, trusted.size());
        // the same certificate as PEM text reads the same
        assertEquals(trusted, TrustedCertificates.read(new String[] {Files.readString(pem)}, root));
    }

    @Test
    public void aJarSignedByATrustedCertificatePasses() {
        JarSignatures.verify(signedByTrusted, trusted);
    }

    @Test
    public void anUnsignedJarIsRefused() {
        String message = refusal(unsigned, trusted);
        assertTrue(message, message.contains("not signed"));
    }

    @Test
    public void aJarSignedByAnotherKeyIsRefused() {
        String message = refusal(signedByStranger, trusted);
        assertTrue(message, message.contains("CN=Somebody Else") && message.contains("not a trusted certificate"));
    }

    @Test
    public void aJarChangedAfterSigningIsRefused() throws Exception {
        Path tampered = DIR.getRoot().toPath().resolve("tampered.jar");
        try (ZipFile in = new ZipFile(signedByTrusted.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                byte[] content = in.getInputStream(e).readAllBytes();
                if (e.getName().endsWith("Hello.txt")) {
                    content = "changed".getBytes(StandardCharsets.UTF_8);
                }
                out.write(content);
                out.closeEntry();
            }
        }
        String message = refusal(tampered, trusted);
        assertTrue(message, message.contains("changed after it was signed"));
    }

    @Test
    public void withoutTrustedCertificatesNothingPasses() {
        String message = refusal(signedByTrusted, List.of());
        assertTrue(message, message.contains("trustedCertificates names no certificate"));
    }

    @Test
    public void unreadableCertificatesAreNamed() {
        try {
            TrustedCertificates.read(new String[] {"missing.pem"}, DIR.getRoot().toPath());
            fail();
        } catch (StoreException e) {
            assertEquals(StoreException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("missing.pem"));
        }
    }

    @Test
    public void signatureFilesAreRecognised() {
        assertTrue(JarSignatures.isSignatureFile("META-INF/MANIFEST.MF"));
        assertTrue(JarSignatures.isSignatureFile("META-INF/TRUSTED.SF"));
        assertTrue(JarSignatures.isSignatureFile("META-INF/TRUSTED.RSA"));
        assertTrue(!JarSignatures.isSignatureFile("META-INF/maven/x/pom.xml"));
        assertTrue(!JarSignatures.isSignatureFile("io/x/A.SF"));
    }

    private static String refusal(Path jar, List<X509Certificate> certificates) {
        try {
            JarSignatures.verify(jar, certificates);
            throw new AssertionError("accepted " + jar);
        } catch (StoreException e) {
            assertEquals(StoreException.Kind.INVALID, e.kind());
            return e.getMessage();
        }
    }

    static Path jar(Path file) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "io.coditect.studio.test.signed");
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        try (OutputStream os = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(os, m)) {
            out.putNextEntry(new JarEntry("io/coditect/Hello.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }

    private static Path keyPair(Path dir, String alias, String dname) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        run(tool("keytool"), "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit");
        return store;
    }

    private static Path sign(Path dir, Path jar, Path store, String alias, String name) throws Exception {
        Path signed = dir.resolve(name);
        run(tool("jarsigner"), "-keystore", store.toString(), "-storepass", "changeit", "-signedjar", signed.toString(),
                jar.toString(), alias);
        return signed;
    }

    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }
}
