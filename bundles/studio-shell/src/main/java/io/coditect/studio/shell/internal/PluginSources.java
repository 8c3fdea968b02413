package io.coditect.studio.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.coditect.studio.api.admin.PluginSource;
import io.coditect.studio.api.security.Caller;

/**
 * How the plugin commands read their source argument: {@code mvn:…} is a Maven coordinate, an
 * existing file a jar, anything else a feature name.
 */
final class PluginSources {

    private PluginSources() {
    }

    /** What the administrator does with a source; the jar's stream is open only during it. */
    @FunctionalInterface
    interface WithSource<T> {
        T apply(PluginSource source);
    }

    static <T> T with(String argument, String featureVersion, boolean featureAllowed, WithSource<T> action)
            throws IOException {
        if (argument.startsWith("mvn:")) {
            return action.apply(new PluginSource.Maven(argument));
        }
        Path file = Paths.get(argument);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return action.apply(new PluginSource.Jar(in));
            }
        }
        if (!featureAllowed || argument.contains("/") || argument.endsWith(".jar")) {
            throw new IllegalArgumentException("'" + argument + "' is neither a mvn: coordinate nor a jar file"
                    + (featureAllowed ? " nor a feature name" : ""));
        }
        return action.apply(new PluginSource.Feature(argument, featureVersion));
    }

    /** The console acts as a studio administrator; the audit log records actor "system" with credential SYSTEM. */
    static Caller admin() {
        return Caller.system(Shell.SYSTEM_ORG);
    }

}
