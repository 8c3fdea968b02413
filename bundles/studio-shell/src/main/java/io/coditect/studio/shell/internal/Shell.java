package io.coditect.studio.shell.internal;

import java.util.Arrays;

/** What the admin commands share. */
final class Shell {

    /**
     * The organisation whose administrators administer the studio; shell commands act with their
     * rights. Same default as the security bundle's {@code systemOrg}.
     */
    static final String SYSTEM_ORG = "default";

    private Shell() {
    }

    static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
