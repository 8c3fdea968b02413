package io.coditect.studio.plugins.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.StoreException;

/**
 * What the manifest of a received jar says, checked before the framework sees it: it must be a
 * bundle, not a fragment (attaching one needs its host refreshed) and export nothing (removing an
 * exporter others are wired to would need a refresh too).
 */
record JarFacts(String symbolicName, String version) {

    static JarFacts read(Path jar) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        } catch (IOException e) {
            throw StoreException.invalid("this is not a jar file (" + e.getMessage() + "); send the plugin's bundle"
                    + " jar");
        }
        if (manifest == null) {
            throw StoreException.invalid("the jar has no META-INF/MANIFEST.MF: it is not an OSGi bundle");
        }
        Attributes main = manifest.getMainAttributes();
        String bsn = main.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw StoreException.invalid("the jar has no Bundle-SymbolicName: it is not an OSGi bundle; build it with"
                    + " bnd-maven-plugin (see sdk/example-provider)");
        }
        String name = bsn.split(";", 2)[0].strip();
        if (main.getValue("Fragment-Host") != null) {
            throw StoreException.invalid(StudioIds.printable(name) + " is a fragment (Fragment-Host): attaching it"
                    + " would refresh its host, so plugin administration does not install fragments");
        }
        String exports = main.getValue("Export-Package");
        if (exports != null && !exports.isBlank()) {
            throw StoreException.invalid(StudioIds.printable(name) + " exports packages (" + StudioIds.printable(exports)
                    + "): a plugin must export nothing, so removing it never needs other bundles refreshed");
        }
        String version = main.getValue("Bundle-Version");
        return new JarFacts(name, version == null ? "0.0.0" : version.strip());
    }
}
