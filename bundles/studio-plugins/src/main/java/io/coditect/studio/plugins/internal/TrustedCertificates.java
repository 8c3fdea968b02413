package io.coditect.studio.plugins.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.StoreException;

/** Reads the configured trusted certificates: PEM text or PEM files. */
final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /**
     * @param entries PEM text, or file paths (relative to {@code base}; several may be separated by commas)
     * @throws StoreException INVALID naming the entry that cannot be read
     */
    static List<X509Certificate> read(String[] entries, Path base) {
        List<X509Certificate> certificates = new ArrayList<>();
        if (entries == null) {
            return certificates;
        }
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            if (entry.strip().startsWith("-----BEGIN")) {
                certificates.addAll(parse(new ByteArrayInputStream(entry.strip().getBytes(StandardCharsets.US_ASCII)),
                        "the PEM text in trustedCertificates"));
                continue;
            }
            for (String path : entry.split(",")) {
                if (!path.isBlank()) {
                    certificates.addAll(file(base.resolve(path.strip())));
                }
            }
        }
        return certificates;
    }

    private static List<X509Certificate> file(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, path.toString());
        } catch (IOException e) {
            throw StoreException.invalid("trusted certificate file " + StudioIds.printable(path.toString())
                    + " cannot be read: " + e.getMessage() + "; fix trustedCertificates in io.coditect.studio.plugins");
        }
    }

    private static List<X509Certificate> parse(InputStream in, String what) {
        try {
            List<X509Certificate> found = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                found.add((X509Certificate) c);
            }
            if (found.isEmpty()) {
                throw StoreException.invalid(StudioIds.printable(what) + " holds no certificate");
            }
            return found;
        } catch (CertificateException e) {
            throw StoreException.invalid(StudioIds.printable(what) + " is not an X.509 certificate in PEM: "
                    + e.getMessage());
        }
    }
}
