package io.coditect.studio.metrics.internal;

import java.nio.charset.StandardCharsets;

/** Reads samples back from the Prometheus text format. */
final class PrometheusText {

    private PrometheusText() {
    }

    static String text(byte[] scrape) {
        return new String(scrape, StandardCharsets.UTF_8);
    }

    /**
     * The value of the sample {@code name{labels}}, labels given as name, value pairs in the
     * (alphabetical) order the registry writes them; null when there is no such sample.
     */
    static Double value(String text, String name, String... labels) {
        StringBuilder prefix = new StringBuilder(name);
        if (labels.length > 0) {
            prefix.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    prefix.append(',');
                }
                prefix.append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
            }
            prefix.append('}');
        }
        prefix.append(' ');
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix.toString())) {
                return Double.valueOf(line.substring(prefix.length()).trim().split(" ")[0]);
            }
        }
        return null;
    }

    /** Whether any sample of the metric {@code name} is present. */
    static boolean has(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return true;
            }
        }
        return false;
    }
}
