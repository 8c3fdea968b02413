package io.coditect.studio.git.internal;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The node-local cache folder for a configured value. */
final class CacheFolder {

    static final String DEFAULT = "${karaf.data}/git";

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private CacheFolder() {
    }

    /**
     * Blank means {@value #DEFAULT}; {@code ${name}} is replaced by a system property
     * ({@code karaf.data} falls back to {@code ./data}).
     *
     * @throws IllegalArgumentException naming a property that is not set
     */
    static Path of(String configured) {
        String value = configured == null || configured.isBlank() ? DEFAULT : configured.trim();
        Matcher m = PROPERTY.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = System.getProperty(name);
            if (v == null && name.equals("karaf.data")) {
                v = "data";
            }
            if (v == null) {
                throw new IllegalArgumentException("git cache folder '" + value + "' uses ${" + name
                        + "}, but the system property " + name + " is not set");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return Path.of(b.toString()).toAbsolutePath().normalize();
    }
}
