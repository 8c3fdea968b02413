package io.coditect.studio.api.admin;

import java.io.InputStream;
import java.util.Objects;

/** Where a plugin to install or an update comes from. */
public sealed interface PluginSource permits PluginSource.Feature, PluginSource.Maven, PluginSource.Jar {

    /**
     * A Karaf feature of the configured repositories, for example {@code studio-provider-kimi}.
     *
     * @param name    the feature name
     * @param version its version, or null for the newest
     */
    record Feature(String name, String version) implements PluginSource {
        public Feature {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A bundle from the Maven repositories the studio is configured with.
     *
     * @param coordinate {@code mvn:groupId/artifactId/version}, optionally followed by
     *                   {@code /type/classifier}
     */
    record Maven(String coordinate) implements PluginSource {
        public Maven {
            Objects.requireNonNull(coordinate, "coordinate");
        }
    }

    /**
     * An uploaded bundle jar. The service reads the stream to its end and does not close it.
     *
     * @param content the jar's bytes
     */
    record Jar(InputStream content) implements PluginSource {
        public Jar {
            Objects.requireNonNull(content, "content");
        }
    }
}
