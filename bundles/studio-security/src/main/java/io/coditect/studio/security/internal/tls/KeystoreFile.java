package io.coditect.studio.security.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

import io.coditect.studio.security.internal.vault.PrivateFiles;

/**
 * The PKCS#12 keystore the HTTPS connector reads: one private key with its certificate under
 * {@value #ALIAS}, written owner-only and replaced whole.
 */
public final class KeystoreFile {

    public static final String TYPE = "PKCS12";
    public static final String ALIAS = "studio";

    private final Path file;

    public KeystoreFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** A fresh random password (256 bits, base64url). */
    public static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public void write(SelfSignedCertificate identity, String password) {
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            store.setKeyEntry(ALIAS, identity.key(), password.toCharArray(), new Certificate[] {identity.certificate()});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password.toCharArray());
            PrivateFiles.directory(file.toAbsolutePath().getParent());
            PrivateFiles.write(file, bytes.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the TLS keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The certificate of the key in the file, if the file exists, opens with {@code password}
     * and holds a key under {@value #ALIAS}.
     */
    public Optional<X509Certificate> certificate(String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, password.toCharArray());
            if (!store.isKeyEntry(ALIAS) || !(store.getCertificate(ALIAS) instanceof X509Certificate certificate)) {
                return Optional.empty();
            }
            store.getKey(ALIAS, password.toCharArray());
            return Optional.of(certificate);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (GeneralSecurityException | IOException e) {
            // a wrong password shows as an IOException; either way a new keystore replaces it
            return Optional.empty();
        }
    }
}
