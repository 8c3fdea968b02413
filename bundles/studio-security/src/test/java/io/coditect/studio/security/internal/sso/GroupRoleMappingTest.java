package io.coditect.studio.security.internal.sso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.coditect.studio.api.tenancy.Role;
import org.junit.Test;

public class GroupRoleMappingTest {

    @Test
    public void entriesAreParsed() {
        assertEquals(new GroupRole("eng", Role.DEVELOPER, "backend"), GroupRole.parse("eng=DEVELOPER@backend"));
        assertEquals(new GroupRole("admins", Role.ORG_ADMIN, null), GroupRole.parse("admins=ORG_ADMIN"));
        assertEquals("the last '=' splits", new GroupRole("cn=eng,ou=groups", Role.ANALYST, "data"),
                GroupRole.parse("cn=eng,ou=groups=analyst@data"));
    }

    @Test
    public void badEntriesSayWhatToWrite() {
        assertTrue(message("eng").contains("group=ROLE"));
        assertTrue(message("=DEVELOPER@backend").contains("group=ROLE"));
        assertTrue(message("eng=").contains("group=ROLE"));
        assertTrue(message("eng=WIZARD").contains("unknown role 'WIZARD'"));
        assertTrue(message("eng=DEVELOPER").contains("eng=DEVELOPER@<team>"));
        assertTrue(message("fin=BILLING_ADMIN@money").contains("fin=BILLING_ADMIN"));
        assertTrue(message("eng=DEVELOPER@Back End").contains("team id"));
    }

    private static String message(String entry) {
        return assertThrows(IllegalArgumentException.class, () -> GroupRole.parse(entry)).getMessage();
    }

    @Test
    public void oneValueMayHoldSeveralEntries() {
        GroupRoleMapping m = GroupRoleMapping.parse(new String[] { "cn=devs,ou=groups=DEVELOPER@web; admins=ORG_ADMIN;" });
        assertEquals(List.of(new RoleGrant("web", Role.DEVELOPER), new RoleGrant(null, Role.ORG_ADMIN)),
                m.rolesFor(List.of("cn=devs,ou=groups", "admins")));
    }

    @Test
    public void theHigherRoleWinsInOnePlace() {
        GroupRoleMapping m = GroupRoleMapping.parse(new String[] { "devs=DEVELOPER@web", "leads=PROJECT_LEAD@web",
            "admins=TEAM_ADMIN@web" });
        assertEquals(List.of(new RoleGrant("web", Role.PROJECT_LEAD)), m.rolesFor(List.of("devs", "leads")));
        assertEquals(List.of(new RoleGrant("web", Role.TEAM_ADMIN)), m.rolesFor(List.of("admins", "devs")));
        assertEquals(List.of(), m.rolesFor(List.of("others")));
    }

    @Test
    public void betweenBranchesTheFirstEntryWinsWhateverTheGroupOrder() {
        GroupRoleMapping m = GroupRoleMapping.parse(new String[] { "analysts=ANALYST@web", "devs=DEVELOPER@web" });
        assertEquals(List.of(new RoleGrant("web", Role.ANALYST)), m.rolesFor(List.of("devs", "analysts")));
        assertEquals(List.of(new RoleGrant("web", Role.ANALYST)), m.rolesFor(List.of("analysts", "devs")));
    }

    @Test
    public void onePlacePerTeamAndOneForTheOrganisation() {
        GroupRoleMapping m = GroupRoleMapping.parse(new String[] { "a=DEVELOPER@web", "b=ANALYST@data",
            "c=BILLING_ADMIN", "d=ORG_ADMIN" });
        assertEquals(List.of(new RoleGrant("web", Role.DEVELOPER), new RoleGrant("data", Role.ANALYST),
                new RoleGrant(null, Role.ORG_ADMIN)), m.rolesFor(List.of("a", "b", "c", "d")));
        assertEquals("DEVELOPER@web", new RoleGrant("web", Role.DEVELOPER).label());
        assertEquals("ORG_ADMIN", new RoleGrant(null, Role.ORG_ADMIN).label());
    }
}
