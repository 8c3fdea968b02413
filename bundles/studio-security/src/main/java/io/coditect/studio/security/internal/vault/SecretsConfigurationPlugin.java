package io.coditect.studio.security.internal.vault;

import io.coditect.studio.api.security.SecretSealer;
import java.util.Collections;
import java.util.Dictionary;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens sealed values ({@code ENC(...)}) of every configuration before it reaches a component, so
 * provider API keys and OIDC client secrets can be kept sealed in {@code etc/*.cfg}, and seals new
 * ones ({@code studio:seal}). It needs no other service, and the security bundle starts before the
 * plugins (start level 70 against 75), so it is up before the components whose configuration it
 * opens. {@code felix.cm.config.plugins} is deliberately not set: Configuration Admin would then wait
 * for this plugin before serving anyone, including the features service that installs it.
 */
@Component(service = {ConfigurationPlugin.class, SecretSealer.class}, immediate = true, property = {
    ConfigurationPlugin.CM_RANKING + ":Integer=" + SecretsConfigurationPlugin.RANKING,
    SecretsConfigurationPlugin.PLUGIN_ID_PROPERTY + "=" + SecretsConfigurationPlugin.PLUGIN_ID})
public final class SecretsConfigurationPlugin implements ConfigurationPlugin, SecretSealer {

    public static final String PLUGIN_ID = "io.coditect.studio.security.secrets";
    static final String PLUGIN_ID_PROPERTY = "config.plugin.id";
    // after plugins that compute values, before any that only read them (those rank above 1000)
    static final int RANKING = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(SecretsConfigurationPlugin.class);

    private final SecretBox box;

    @Activate
    public SecretsConfigurationPlugin() {
        this(KeyVault.open(KeyVault.defaultDirectory(), System::getenv).secretBox());
    }

    public SecretsConfigurationPlugin(SecretBox box) {
        this.box = box;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        for (String name : Collections.list(properties.keys())) {
            Object value = properties.get(name);
            try {
                if (value instanceof String s && SecretBox.isSealed(s)) {
                    properties.put(name, box.open(s));
                } else if (value instanceof String[] array) {
                    properties.put(name, openAll(array));
                }
            } catch (IllegalStateException e) {
                // the component gets the sealed text, which is useless to it but reveals nothing
                LOG.error("property '{}' of configuration {} stays sealed: {}", name,
                        properties.get(Constants.SERVICE_PID), e.getMessage());
            }
        }
    }

    @Override
    public String seal(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("Give the secret to seal; an empty value needs no sealing.");
        }
        return box.seal(secret);
    }

    private String[] openAll(String[] values) {
        String[] opened = values.clone();
        for (int i = 0; i < opened.length; i++) {
            opened[i] = box.open(opened[i]);
        }
        return opened;
    }
}
