package io.coditect.studio.security.internal.sso;

import io.coditect.studio.api.tenancy.Role;

/** A role a login should make sure the user holds: in team {@code teamId}, or org-wide when it is null. */
record RoleGrant(String teamId, Role role) {

    /** {@code DEVELOPER@backend} or {@code ORG_ADMIN}, the notation of the configuration. */
    String label() {
        return teamId == null ? role.name() : role.name() + "@" + teamId;
    }
}
