package io.coditect.studio.security.internal.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.security.internal.vault.KeyVault;
import io.coditect.studio.security.internal.vault.SecretsConfigurationPlugin;

/**
 * Turns HTTPS on in Pax Web with the studio's generated keystore
 * ({@code <karaf.data>/security/tls/studio.p12}) unless an admin configured one, writing the
 * keystore password to {@code etc/org.ops4j.pax.web.cfg} sealed ({@code ENC(...)}); the vault's
 * configuration plugin opens it on the way to Pax Web. See {@link GeneratedKeystore} for why the
 * HTTPS switch is sealed as well.
 */
@Component(immediate = true, configurationPid = TlsConfig.PID)
@Designate(ocd = TlsConfig.class)
public final class HttpsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsSetup.class);
    static final String SECRETS_PLUGIN = "(config.plugin.id=" + SecretsConfigurationPlugin.PLUGIN_ID + ")";

    private final ConfigurationAdmin configurations;
    private final boolean enabled;
    private final GeneratedKeystore keystore;

    /**
     * @param secrets not called: requiring it means the sealed password is opened when this
     *                component hands Pax Web its configuration
     */
    @Activate
    public HttpsSetup(@Reference ConfigurationAdmin configurations,
            @Reference(target = SECRETS_PLUGIN) ConfigurationPlugin secrets, TlsConfig config) throws IOException {
        this.configurations = configurations;
        this.enabled = config.enabled();
        this.keystore = new GeneratedKeystore(new KeystoreFile(keystoreFile(KeyVault.defaultDirectory())),
                KeyVault.open(KeyVault.defaultDirectory(), System::getenv).secretBox(),
                () -> SubjectNames.forThisHost(extraNames(config.subjectAltNames())),
                Duration.ofDays(config.validityDays()), Duration.ofDays(config.renewDaysBefore()), Clock.systemUTC());
        apply();
    }

    /** The entries, each split at commas: a .cfg file gives a list as one comma-separated value. */
    static List<String> extraNames(String[] configured) {
        return Arrays.stream(configured).flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
    }

    /** {@code <security directory>/tls/studio.p12} */
    static Path keystoreFile(Path securityDirectory) {
        return securityDirectory.resolve("tls").resolve("studio.p12");
    }

    private void apply() throws IOException {
        if (!enabled) {
            LOG.info("the studio leaves HTTPS to {} ({} enabled = false)", PaxWebHttps.PID, TlsConfig.PID);
            return;
        }
        // a null location leaves the configuration bound to Pax Web, not to this bundle
        Configuration paxWeb = configurations.getConfiguration(PaxWebHttps.PID, null);
        Optional<Hashtable<String, Object>> settings = keystore.settingsFor(paxWeb.getProperties());
        if (settings.isPresent()) {
            // even unchanged values are handed over again: at boot Pax Web started before the plugin
            // and read the switch sealed (off); it restarts its server only when the values differ
            paxWeb.update(settings.get());
        }
    }
}
