package io.coditect.studio.persistence.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.StoreException;

/** Input rules of the stores; every failure is {@code INVALID} with a message that names the rule. */
final class Check {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private Check() {
    }

    static String id(String what, String value) {
        if (!StudioIds.isValid(value)) {
            throw StoreException.invalid(value == null ? what + " id is missing"
                    : what + " id '" + StudioIds.printable(value)
                            + "' is invalid: use 1-63 lower-case letters, digits or inner hyphens");
        }
        return value;
    }

    static String optionalId(String what, String value) {
        return value == null ? null : id(what, value);
    }

    /** A required single-line text, trimmed. */
    static String name(String what, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw StoreException.invalid(what + " is missing: give 1 to " + max + " characters");
        }
        return text(what, v, max, false);
    }

    /** An optional text, trimmed; blank becomes null. */
    static String optionalText(String what, String value, int max, boolean multiLine) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return text(what, value.strip(), max, multiLine);
    }

    private static String text(String what, String v, int max, boolean multiLine) {
        if (v.length() > max) {
            throw StoreException.invalid(what + " is " + v.length() + " characters long: at most " + max + " are allowed");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean allowed = multiLine && (c == '\n' || c == '\t' || c == '\r');
            if (!allowed && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
                throw StoreException.invalid(what + " '" + StudioIds.printable(v) + "' contains the control character "
                        + String.format("\\u%04x", (int) c) + ": remove it");
            }
        }
        return v;
    }

    /** A token of a fixed alphabet, such as a key prefix. */
    static String token(String what, String value, Pattern rule, String ruleText) {
        if (value == null || !rule.matcher(value).matches()) {
            throw StoreException.invalid(value == null ? what + " is missing: use " + ruleText
                    : what + " '" + StudioIds.printable(value) + "' is invalid: use " + ruleText);
        }
        return value;
    }

    /** Trimmed and in lower case, so that one address has one spelling. */
    static String email(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.length() > 254 || !EMAIL.matcher(v).matches()) {
            throw StoreException.invalid(value == null ? "e-mail is missing" : "e-mail '" + StudioIds.printable(value)
                    + "' is not an address: use name@domain, at most 254 characters");
        }
        return text("e-mail", v, 254, false);
    }

    static <T> T required(String what, T value, String hint) {
        if (value == null) {
            throw StoreException.invalid(what + " is missing: " + hint);
        }
        return value;
    }

    static long notNegative(String what, long value) {
        if (value < 0) {
            throw StoreException.invalid(what + " is " + value + ": it cannot be negative");
        }
        return value;
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static Instant truncate(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }
}
