package io.coditect.studio.api.admin;

/** The OSGi life-cycle state of a plugin bundle. */
public enum PluginState {
    INSTALLED,
    RESOLVED,
    STARTING,
    ACTIVE,
    STOPPING,
    UNINSTALLED
}
