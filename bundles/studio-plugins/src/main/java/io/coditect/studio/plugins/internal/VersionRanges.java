package io.coditect.studio.plugins.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the version range back out of a requirement filter. The framework turns every
 * {@code Import-Package} into a filter such as
 * {@code (&(osgi.wiring.package=p)(version>=1.0.0)(!(version>=2.0.0)))}, and the capability API
 * offers no other form, so the range shown to people is rebuilt from it.
 */
final class VersionRanges {

    private static final Pattern NOT_AT_LEAST = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");
    private static final Pattern NOT_AT_MOST = Pattern.compile("\\(!\\(version<=([^)]+)\\)\\)");
    private static final Pattern AT_LEAST = Pattern.compile("(?<!!)\\(version>=([^)]+)\\)");
    private static final Pattern AT_MOST = Pattern.compile("(?<!!)\\(version<=([^)]+)\\)");
    private static final Pattern EXACTLY = Pattern.compile("\\(version=([^)]+)\\)");

    private VersionRanges() {
    }

    /** The range in OSGi notation ({@code [1.0.0,2.0.0)}, {@code 1.0.0} for "at least"), or {@code any version}. */
    static String of(String filter) {
        if (filter == null) {
            return "any version";
        }
        Matcher exact = EXACTLY.matcher(filter);
        if (exact.find()) {
            return "[" + exact.group(1) + "," + exact.group(1) + "]";
        }
        String floor = null;
        boolean floorOpen = false;
        String ceiling = null;
        boolean ceilingOpen = false;
        Matcher m = AT_LEAST.matcher(filter);
        if (m.find()) {
            floor = m.group(1);
        }
        m = NOT_AT_MOST.matcher(filter);
        if (m.find()) {
            floor = m.group(1);
            floorOpen = true;
        }
        m = NOT_AT_LEAST.matcher(filter);
        if (m.find()) {
            ceiling = m.group(1);
            ceilingOpen = true;
        }
        m = AT_MOST.matcher(filter);
        if (m.find()) {
            ceiling = m.group(1);
        }
        if (ceiling == null) {
            return floor == null ? "any version" : floor;
        }
        return (floorOpen ? "(" : "[") + (floor == null ? "0.0.0" : floor) + "," + ceiling + (ceilingOpen ? ")" : "]");
    }
}
