package io.coditect.studio.api.admin;

import java.util.List;
import java.util.Map;

import io.coditect.studio.api.security.Caller;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Plugin administration (see the package documentation for who may call it and how it fails).
 *
 * <p>Installing, updating and removing a plugin never refreshes or restarts the core or another
 * plugin: a jar is resolved on its own before it is kept, and Karaf features are installed
 * without their automatic refresh. Plugins must export no package and must not be fragments,
 * so taking one away never leaves others wired to it.
 */
@ProviderType
public interface PluginAdmin {

    /** Every plugin bundle, ordered by bundle id. */
    List<PluginInfo> list(Caller caller);

    /** One plugin bundle; NOT_FOUND when the id is not a plugin. */
    PluginInfo get(Caller caller, long bundleId);

    /**
     * Installs and starts a plugin. A jar (uploaded or from Maven) is kept only if it resolves on its
     * own and, when signatures are required, if every entry is signed by a trusted certificate;
     * otherwise it is removed again and INVALID says which package and version is missing or what is
     * wrong with the signature.
     *
     * @return the plugin bundles installed: one for a jar, those of the feature for a feature
     */
    List<PluginInfo> install(Caller caller, PluginSource source);

    /**
     * Replaces a plugin bundle's jar with another version of the same bundle symbolic name (a Maven
     * coordinate or a jar; not a feature), keeping its bundle id and configurations. When the new
     * jar does not resolve the previous one is put back and INVALID says why.
     */
    PluginInfo update(Caller caller, long bundleId, PluginSource source);

    PluginInfo start(Caller caller, long bundleId);

    PluginInfo stop(Caller caller, long bundleId);

    /**
     * Removes a plugin bundle (a plugin installed from a feature through this service: that feature).
     * Its configurations stay, so reinstalling it brings its instances back; delete them first to
     * forget them.
     */
    void uninstall(Caller caller, long bundleId);

    /** The plugin's configurations, secrets masked. */
    List<PluginConfiguration> configurations(Caller caller, long bundleId);

    /**
     * Creates a factory configuration of the plugin; its instance starts at once.
     *
     * @param factoryPid one of the plugin's configuration PIDs, or null when it has exactly one
     * @param name       the configuration's name (the part after {@code ~}), or null to use the
     *                   {@code id} property
     * @param properties strings, numbers, booleans, or lists of them
     */
    PluginConfiguration createConfiguration(Caller caller, long bundleId, String factoryPid, String name,
            Map<String, Object> properties);

    /**
     * Replaces the properties of one of the plugin's configurations; the instance picks them up at
     * once. A secret sent as {@link PluginConfiguration#MASK} keeps its stored value.
     */
    PluginConfiguration updateConfiguration(Caller caller, long bundleId, String pid, Map<String, Object> properties);

    /** Deletes one of the plugin's configurations; its instance goes away. */
    void deleteConfiguration(Caller caller, long bundleId, String pid);
}
