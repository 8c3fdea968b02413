package io.coditect.studio.api.admin;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A ConfigAdmin configuration of a plugin (usually a factory configuration: one per provider
 * account, bucket or endpoint), with secrets masked.
 *
 * @param pid        the configuration's PID, for example {@code io.coditect.studio.provider.kimi~team-a}
 * @param factoryPid its factory PID, or null for a singleton configuration
 * @param properties its properties in name order, without {@code service.pid} and
 *                   {@code service.factoryPid}; the value of every {@linkplain #isSecret secret}
 *                   property is {@link #MASK}
 */
public record PluginConfiguration(String pid, String factoryPid, Map<String, Object> properties) {

    /**
     * Shown instead of a secret. Sent back unchanged in an update, it keeps the stored value, so a
     * configuration can be read, edited and written without knowing its secrets.
     */
    public static final String MASK = "********";

    public PluginConfiguration {
        Objects.requireNonNull(pid, "pid");
        properties = properties == null ? Map.of() : properties;
    }

    /** Whether a property holds a secret: its name contains key, secret, password or token. */
    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("key") || n.contains("secret") || n.contains("password") || n.contains("token");
    }
}
