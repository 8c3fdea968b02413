package io.coditect.studio.api.admin;

import java.util.Objects;

/**
 * A studio package a plugin imports, with the version range it accepts.
 *
 * @param packageName  for example {@code io.coditect.studio.api.llm}
 * @param versionRange the range as the framework reads it, for example {@code [1.0.0,2.0.0)}
 * @param wiredVersion the version of the package the plugin is wired to, or null while it is not
 *                     resolved
 */
public record SpiImport(String packageName, String versionRange, String wiredVersion) {
    public SpiImport {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(versionRange, "versionRange");
    }
}
