package io.coditect.studio.shell.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.tenancy.Role;

/** What the admin commands share. */
final class Shell {

    /**
     * The organisation whose administrators administer the studio; shell commands act with their
     * rights. Same default as the security bundle's {@code systemOrg}.
     */
    static final String SYSTEM_ORG = "default";

    private Shell() {
    }

    /**
     * The owner of a session, as the shell acts for them: SDD §5.2 lets only the owner run commands
     * and checkpoint. Audited with credential SYSTEM, so the log shows it came from the shell.
     */
    static Caller asOwner(SessionRecord s) {
        return new Caller(s.orgId(), s.userId(), Credential.SYSTEM, null, Role.ORG_ADMIN, Map.of(), Set.of(), false,
                null);
    }

    static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
