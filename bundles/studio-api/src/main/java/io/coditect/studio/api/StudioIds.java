package io.coditect.studio.api;

import java.util.regex.Pattern;

/**
 * The one rule for identifiers of organisations, teams, users, projects, sessions and plugins:
 * lower-case ASCII letters, digits and inner hyphens, 1 to 63 characters. Ids end up in storage
 * keys, URLs and file names, so nothing that needs escaping is allowed.
 */
public final class StudioIds {

    private static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private StudioIds() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * @throws IllegalArgumentException naming {@code what} and the rule, when {@code id} breaks it
     */
    public static String require(String what, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " id '" + printable(id)
                    + "' is invalid: use 1-63 lower-case letters, digits or inner hyphens");
        }
        return id;
    }

    /** Renders untrusted input for an error message without control characters. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return s.codePointCount(0, s.length()) > 80 ? b + "…" : b.toString();
    }
}
