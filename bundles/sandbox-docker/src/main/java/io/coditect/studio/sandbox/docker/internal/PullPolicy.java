package io.coditect.studio.sandbox.docker.internal;

import java.util.Locale;

/** What the driver does when a sandbox's image is not on the engine. */
enum PullPolicy {
    /** Fail with a message: images are loaded by the admin (air-gapped hosts, pinned images). */
    NEVER,
    /** Pull it from its registry first. */
    IF_MISSING;

    static PullPolicy parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (v) {
            case "":
            case "never":
                return NEVER;
            case "if-missing":
            case "ifmissing":
            case "missing":
                return IF_MISSING;
            default:
                throw new IllegalArgumentException("pullPolicy '" + value + "' is not 'never' or 'if-missing'");
        }
    }
}
