package io.coditect.studio.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.StoreException;

/**
 * The signature check: every entry of the jar must be signed by a signer whose certificate chain
 * holds a trusted certificate, or a certificate a trusted one issued. The JDK verifies each entry
 * against its digest while it is read, so a jar changed after signing fails here.
 */
final class JarSignatures {

    private JarSignatures() {
    }

    /** @throws StoreException INVALID saying which entry is unsigned or by whom it is signed */
    static void verify(Path jar, List<X509Certificate> trusted) {
        if (trusted.isEmpty()) {
            throw StoreException.invalid("signatures are required (requireSignature) but trustedCertificates names no"
                    + " certificate, so no jar can be installed; add the certificate that signs your plugins");
        }
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            int signed = 0;
            byte[] buffer = new byte[8192];
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || isSignatureFile(entry.getName())) {
                    continue;
                }
                // the signers are known, and the digest checked, only once the entry was read to its end
                try (InputStream in = file.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // reading is the check
                    }
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw StoreException.invalid("the jar is not signed (entry " + StudioIds.printable(entry.getName())
                            + " has no signature) and signatures are required: sign it with jarsigner and a key whose"
                            + " certificate is in trustedCertificates");
                }
                if (!trustedSigner(signers, trusted)) {
                    throw StoreException.invalid("entry " + StudioIds.printable(entry.getName()) + " is signed by "
                            + StudioIds.printable(subject(signers[0])) + ", which is not a trusted certificate (and was"
                            + " not issued by one): add it to trustedCertificates or sign with a trusted key");
                }
                signed++;
            }
            if (signed == 0) {
                throw StoreException.invalid("the jar holds nothing to verify");
            }
        } catch (SecurityException e) {
            throw StoreException.invalid("the jar's signature does not match its content (" + e.getMessage()
                    + "): it was changed after it was signed");
        } catch (IOException e) {
            throw StoreException.invalid("the jar cannot be read to check its signature: " + e.getMessage());
        }
    }

    private static boolean trustedSigner(CodeSigner[] signers, List<X509Certificate> trusted) {
        for (CodeSigner signer : signers) {
            for (Certificate c : signer.getSignerCertPath().getCertificates()) {
                if (c instanceof X509Certificate x && (trusted.contains(x) || issuedByTrusted(x, trusted))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean issuedByTrusted(X509Certificate certificate, List<X509Certificate> trusted) {
        for (X509Certificate t : trusted) {
            if (certificate.getIssuerX500Principal().equals(t.getSubjectX500Principal())) {
                try {
                    certificate.verify(t.getPublicKey());
                    return true;
                } catch (GeneralSecurityException notThisOne) {
                    // same name, other key: keep looking
                }
            }
        }
        return false;
    }

    private static String subject(CodeSigner signer) {
        Certificate first = signer.getSignerCertPath().getCertificates().get(0);
        return first instanceof X509Certificate x ? x.getSubjectX500Principal().getName() : "an unknown signer";
    }

    static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return n.equals("META-INF/MANIFEST.MF") || n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA")
                || n.endsWith(".EC") || n.startsWith("META-INF/SIG-");
    }
}
