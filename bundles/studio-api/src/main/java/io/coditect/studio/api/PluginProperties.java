package io.coditect.studio.api;

/**
 * Service properties every plugin service registers, so the core can list and select plugins
 * without calling into them.
 */
public final class PluginProperties {

    /** Unique id of the plugin instance, for example {@code offline} or {@code anthropic-team-a}. */
    public static final String ID = "studio.plugin.id";

    /** Human readable name shown in the studio. */
    public static final String DISPLAY_NAME = "studio.plugin.name";

    /** Plugin kind: {@code provider}, {@code storage} or {@code sandbox}. */
    public static final String KIND = "studio.plugin.kind";

    private PluginProperties() {
    }
}
