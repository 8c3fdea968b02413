package io.coditect.studio.security.internal.sso;

import java.util.List;

/**
 * Who the identity provider says logged in.
 *
 * @param subject       the provider's stable id of the person (for the log and audit, never matched on)
 * @param email         the address users are matched by, or null when the provider gave none
 * @param emailVerified false only when the provider says the address is not verified
 * @param displayName   a name to show, never null
 * @param groups        the groups of the groups claim, empty when there is none
 */
record ExternalIdentity(String subject, String email, boolean emailVerified, String displayName, List<String> groups) {

    ExternalIdentity {
        groups = List.copyOf(groups);
    }
}
