package io.coditect.studio.sandbox.docker.internal;

import java.util.List;

/**
 * How a command's whole process tree is killed. The Docker API has no "kill exec": an exec can only
 * end by itself or with its container. So every command gets a random marker in its environment,
 * which its children inherit, and cancel/timeout run a second exec that SIGKILLs every process
 * whose environment carries it (environ is NUL-separated, hence tr: busybox grep stops at a NUL), repeating until none is left (a fork between two rounds is caught by
 * the next). A process that clears its environment (env -i) escapes; it dies with the sandbox.
 */
final class ExecKiller {

    /** Name of the marker variable. */
    static final String MARKER_VARIABLE = "CODITECT_SANDBOX_EXEC";

    /** $1 is the marker's "name=value"; the killer's own environment does not carry it. */
    static final String SCRIPT = "m=\"$1\"; n=0; while [ $n -lt 50 ]; do found=;"
            + " for d in /proc/[0-9]*; do p=${d#/proc/}; [ \"$p\" = \"$$\" ] && continue;"
            + " if tr '\\0' '\\n' < \"$d/environ\" 2>/dev/null | grep -qxF \"$m\"; then kill -9 \"$p\" 2>/dev/null && found=1; fi;"
            + " done; [ -z \"$found\" ] && exit 0; n=$((n+1)); done; exit 0";

    private ExecKiller() {
    }

    static String markerEntry(String marker) {
        return MARKER_VARIABLE + "=" + marker;
    }

    static List<String> command(String marker) {
        return List.of("/bin/sh", "-c", SCRIPT, "sandbox-kill", markerEntry(marker));
    }
}
