package io.coditect.studio.security.internal.tls;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.OptionalInt;

import io.coditect.studio.security.internal.vault.SecretBox;

/**
 * The HTTPS properties of Pax Web's configuration {@value #PID}, as Pax Web 8 names them
 * ({@code org.ops4j.pax.web.service.PaxWebConfig}).
 */
public final class PaxWebHttps {

    public static final String PID = "org.ops4j.pax.web";
    public static final String SECURE_ENABLED = "org.osgi.service.http.secure.enabled";
    public static final String SECURE_PORT = "org.osgi.service.http.port.secure";
    public static final String KEYSTORE = "org.ops4j.pax.web.ssl.keystore";
    public static final String KEYSTORE_TYPE = "org.ops4j.pax.web.ssl.keystore.type";
    public static final String KEYSTORE_PASSWORD = "org.ops4j.pax.web.ssl.keystore.password";
    public static final String KEY_PASSWORD = "org.ops4j.pax.web.ssl.key.password";
    public static final String KEY_ALIAS = "org.ops4j.pax.web.ssl.key.alias";
    public static final String TRUSTSTORE_PASSWORD = "org.ops4j.pax.web.ssl.truststore.password";
    /** Pax Web's own default. */
    public static final int DEFAULT_SECURE_PORT = 8443;

    private final Dictionary<String, Object> properties;

    /** @param properties the configuration's properties; null when it does not exist */
    public PaxWebHttps(Dictionary<String, Object> properties) {
        this.properties = properties == null ? new Hashtable<>() : properties;
    }

    /** The keystore configured, if any. */
    public String keystore() {
        return text(KEYSTORE);
    }

    /** Whether the keystore configured is {@code file} (so the studio manages it). */
    public boolean keystoreIs(Path file) {
        String configured = keystore();
        return configured != null && normalized(Paths.get(configured)).equals(normalized(file));
    }

    /** The keystore password as configured (sealed when the studio wrote it). */
    public String keystorePassword() {
        return text(KEYSTORE_PASSWORD);
    }

    /**
     * Whether HTTPS is on. A sealed value counts as on: the studio seals only {@code true}, so that
     * Pax Web, reading it before the vault can open it, starts without HTTPS rather than failing
     * on a password it cannot use.
     */
    public boolean secureEnabled() {
        String value = text(SECURE_ENABLED);
        return Boolean.parseBoolean(value) || SecretBox.isSealed(value);
    }

    /** The value of {@value #SECURE_ENABLED} as stored. */
    public String secureEnabledAsStored() {
        return text(SECURE_ENABLED);
    }

    /** Whether a keystore or key password is sealed. */
    public boolean hasSealedPassword() {
        return SecretBox.isSealed(text(KEYSTORE_PASSWORD)) || SecretBox.isSealed(text(KEY_PASSWORD))
                || SecretBox.isSealed(text(TRUSTSTORE_PASSWORD));
    }

    /** The HTTPS port, when HTTPS is on. */
    public OptionalInt securePort() {
        if (!secureEnabled()) {
            return OptionalInt.empty();
        }
        String port = text(SECURE_PORT);
        try {
            return OptionalInt.of(port == null ? DEFAULT_SECURE_PORT : Integer.parseInt(port));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The properties with HTTPS switched on by {@code sealedOn} (a sealed {@code true}), served
     * with the studio's keystore {@code file} whose password is {@code sealedPassword}; every other
     * property (ports, addresses, an admin's port choice) is kept.
     */
    public Hashtable<String, Object> withKeystore(Path file, String sealedPassword, String sealedOn) {
        Hashtable<String, Object> updated = withSecureEnabled(sealedOn);
        if (text(SECURE_PORT) == null) {
            updated.put(SECURE_PORT, Integer.toString(DEFAULT_SECURE_PORT));
        }
        updated.put(KEYSTORE, normalized(file).toString());
        updated.put(KEYSTORE_TYPE, KeystoreFile.TYPE);
        updated.put(KEYSTORE_PASSWORD, sealedPassword);
        updated.put(KEY_PASSWORD, sealedPassword);
        updated.put(KEY_ALIAS, KeystoreFile.ALIAS);
        return updated;
    }

    /** The properties with {@value #SECURE_ENABLED} set to {@code value}, all others kept. */
    public Hashtable<String, Object> withSecureEnabled(String value) {
        Hashtable<String, Object> updated = new Hashtable<>();
        for (String key : Collections.list(properties.keys())) {
            updated.put(key, properties.get(key));
        }
        updated.put(SECURE_ENABLED, value);
        return updated;
    }

    private String text(String key) {
        Object value = properties.get(key);
        return value == null ? null : value.toString().strip();
    }

    private static Path normalized(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
