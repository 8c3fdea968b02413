package io.coditect.studio.security.internal.sso;

import java.util.Locale;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.tenancy.Role;

/**
 * One {@code groupRoles} entry: members of {@code group} get {@code role}, in team {@code teamId}
 * or, when it is null, in the whole organisation.
 */
record GroupRole(String group, Role role, String teamId) {

    /**
     * Parses {@code group=ROLE} or {@code group=ROLE@team}; the message of the exception names the
     * entry and the rule it breaks.
     */
    static GroupRole parse(String entry) {
        String e = entry == null ? "" : entry.strip();
        // the last '=' splits, so group names from the provider may contain '='
        int eq = e.lastIndexOf('=');
        if (eq <= 0 || eq == e.length() - 1) {
            throw new IllegalArgumentException("groupRoles entry '" + StudioIds.printable(e)
                    + "' is invalid: write group=ROLE or group=ROLE@team, for example eng=DEVELOPER@backend");
        }
        String group = e.substring(0, eq).strip();
        String roleAndTeam = e.substring(eq + 1).strip();
        int at = roleAndTeam.indexOf('@');
        String roleName = (at < 0 ? roleAndTeam : roleAndTeam.substring(0, at)).strip();
        String teamId = at < 0 ? null : roleAndTeam.substring(at + 1).strip();
        Role role = role(e, roleName);
        if (teamId != null) {
            StudioIds.require("groupRoles entry '" + StudioIds.printable(e) + "': team", teamId);
        }
        if (role.scope() == Role.Scope.TEAM && teamId == null) {
            throw new IllegalArgumentException("groupRoles entry '" + StudioIds.printable(e) + "' gives " + role
                    + " without a team: write " + group + "=" + role + "@<team>");
        }
        if (role.scope() == Role.Scope.ORGANISATION && teamId != null) {
            throw new IllegalArgumentException("groupRoles entry '" + StudioIds.printable(e) + "' gives " + role
                    + " in a team, but it is a role of the whole organisation: write " + group + "=" + role);
        }
        return new GroupRole(group, role, teamId);
    }

    private static Role role(String entry, String name) {
        try {
            return Role.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("groupRoles entry '" + StudioIds.printable(entry) + "' names the unknown"
                    + " role '" + StudioIds.printable(name) + "': use ORG_ADMIN, BILLING_ADMIN, TEAM_ADMIN, PROJECT_LEAD,"
                    + " DEVELOPER or ANALYST", e);
        }
    }
}
