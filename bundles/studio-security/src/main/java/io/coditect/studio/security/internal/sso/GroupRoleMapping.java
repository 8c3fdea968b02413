package io.coditect.studio.security.internal.sso;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code groupRoles} setting: which roles the groups of a login stand for. */
final class GroupRoleMapping {

    private final List<GroupRole> entries;

    GroupRoleMapping(List<GroupRole> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * One entry per value; a value may also hold several entries separated by ';', because a
     * {@code .cfg} file gives a single string (',' cannot separate: LDAP group names contain it).
     */
    static GroupRoleMapping parse(String[] values) {
        List<GroupRole> parsed = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String entry : value == null ? new String[0] : value.split(";")) {
                    if (!entry.isBlank()) {
                        parsed.add(GroupRole.parse(entry));
                    }
                }
            }
        }
        return new GroupRoleMapping(parsed);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The roles for a user in {@code groups}, at most one per team and one for the organisation,
     * because a user holds only one role in each. When several groups map to the same place the
     * higher role wins; between roles of different branches (ANALYST, DEVELOPER) the entry written
     * first wins, so the result does not depend on the order the provider lists groups in.
     */
    List<RoleGrant> rolesFor(Collection<String> groups) {
        Map<String, RoleGrant> byPlace = new LinkedHashMap<>();
        for (GroupRole entry : entries) {
            if (!groups.contains(entry.group())) {
                continue;
            }
            RoleGrant held = byPlace.get(entry.teamId());
            if (held == null || (entry.role() != held.role() && entry.role().includes(held.role()))) {
                byPlace.put(entry.teamId(), new RoleGrant(entry.teamId(), entry.role()));
            }
        }
        return List.copyOf(byPlace.values());
    }
}
