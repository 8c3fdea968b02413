package io.coditect.studio.security.internal.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.security.internal.vault.SecretBox;

/**
 * Keeps the studio's own keystore usable (generating a self-signed certificate on first boot,
 * and again when it nears expiry or no longer names this host) and works out the Pax Web
 * properties that serve it, with the keystore password sealed. Leaves an admin's keystore alone.
 *
 * <p>The switch {@code org.osgi.service.http.secure.enabled} is sealed too, whenever a password
 * is: Pax Web reads its configuration at boot before the vault's configuration plugin is there,
 * and a sealed password would fail its start and leave the ports bound by a dead server; a
 * sealed switch just reads as false, so it starts on HTTP and turns HTTPS on when the studio
 * hands the configuration over again, opened.
 */
public final class GeneratedKeystore {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratedKeystore.class);
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private final KeystoreFile file;
    private final SecretBox box;
    private final Supplier<SubjectNames> names;
    private final Duration validity;
    private final Duration renewBefore;
    private final Clock clock;

    public GeneratedKeystore(KeystoreFile file, SecretBox box, Supplier<SubjectNames> names, Duration validity,
            Duration renewBefore, Clock clock) {
        this.file = file;
        this.box = box;
        this.names = names;
        this.validity = validity;
        this.renewBefore = renewBefore;
        this.clock = clock;
    }

    /**
     * The Pax Web properties that serve HTTPS from the studio's keystore, made or renewed first if
     * needed; for an admin's keystore with a sealed password the same properties with the switch
     * sealed; empty for an admin's keystore otherwise (nothing to hand over).
     *
     * @param current Pax Web's configuration as stored (not opened); null if there is none
     */
    public Optional<Hashtable<String, Object>> settingsFor(Dictionary<String, Object> current) {
        PaxWebHttps paxWeb = new PaxWebHttps(current);
        if (paxWeb.keystore() != null && !paxWeb.keystoreIs(file.path())) {
            return adminsKeystore(paxWeb);
        }
        String stored = paxWeb.keystorePassword();
        Optional<String> password = open(stored);
        SubjectNames wanted = names.get();
        Optional<X509Certificate> certificate = password.flatMap(file::certificate);
        String sealed;
        if (certificate.isPresent() && fits(certificate.get(), wanted)) {
            // re-sealing would change the ciphertext and restart Pax Web for nothing
            sealed = SecretBox.isSealed(stored) ? stored : box.seal(password.get());
        } else {
            String fresh = KeystoreFile.newPassword();
            SelfSignedCertificate identity = SelfSignedCertificate.generate(wanted, validity, clock.instant());
            file.write(identity, fresh);
            sealed = box.seal(fresh);
            LOG.info("generated a self-signed TLS certificate for {} valid until {}: {}{}", wanted,
                    identity.certificate().getNotAfter().toInstant(), file.path(),
                    certificate.isPresent() ? " (replacing one that expires soon or lacks a name)" : "");
        }
        return Optional.of(paxWeb.withKeystore(file.path(), sealed, sealedTrue(paxWeb.secureEnabledAsStored())));
    }

    /** An admin's keystore is left as it is; only the switch is sealed if a password is. */
    private Optional<Hashtable<String, Object>> adminsKeystore(PaxWebHttps paxWeb) {
        String enabled = paxWeb.secureEnabledAsStored();
        if (paxWeb.hasSealedPassword() && (Boolean.parseBoolean(enabled) || SecretBox.isSealed(enabled))) {
            LOG.info("HTTPS serves the keystore configured in {} ({}); its password is sealed, so HTTPS is"
                    + " switched on with a sealed 'true' that Pax Web can only read once the studio opens it",
                    PaxWebHttps.PID, paxWeb.keystore());
            return Optional.of(paxWeb.withSecureEnabled(sealedTrue(enabled)));
        }
        LOG.info("HTTPS serves the keystore configured in {} ({}); the studio leaves it as it is",
                PaxWebHttps.PID, paxWeb.keystore());
        return Optional.empty();
    }

    /** {@code stored} if it is a sealed {@code true}, else a newly sealed one. */
    private String sealedTrue(String stored) {
        if (SecretBox.isSealed(stored) && "true".equals(open(stored).orElse(null))) {
            return stored;
        }
        return box.seal("true");
    }

    private Optional<String> open(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(box.open(stored));
        } catch (IllegalStateException e) {
            LOG.warn("a sealed HTTPS setting in {} cannot be opened ({}); the studio replaces it", PaxWebHttps.PID,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private boolean fits(X509Certificate certificate, SubjectNames wanted) {
        Instant renewal = certificate.getNotAfter().toInstant().minus(renewBefore);
        return clock.instant().isBefore(renewal) && covers(certificate, wanted);
    }

    /** Whether the certificate names every DNS name and address wanted (the host may have been renamed). */
    static boolean covers(X509Certificate certificate, SubjectNames wanted) {
        Set<String> dns = new HashSet<>();
        Set<InetAddress> ips = new HashSet<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
                int type = (Integer) entry.get(0);
                String value = String.valueOf(entry.get(1));
                if (type == SAN_DNS) {
                    dns.add(value.toLowerCase(Locale.ROOT));
                } else if (type == SAN_IP) {
                    // the JDK renders the address as a literal, so this parses and never looks anything up
                    ips.add(InetAddress.getByName(value));
                }
            }
        } catch (CertificateParsingException | UnknownHostException e) {
            return false;
        }
        return dns.containsAll(wanted.dnsNames()) && ips.containsAll(wanted.addresses());
    }
}
