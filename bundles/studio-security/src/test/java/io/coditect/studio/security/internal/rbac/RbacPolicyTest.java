package io.coditect.studio.security.internal.rbac;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.tenancy.Role;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The rules beyond the SDD's matrix, tenant confinement, API key scopes and the denial messages. */
public class RbacPolicyTest {

    private final RbacPolicy policy = new RbacPolicy();

    private static Caller orgWide(Role role) {
        return new Caller("acme", "me", Credential.PASSWORD, null, role, Map.of(), Set.of(), false, null);
    }

    private static Caller inTeam(String team, Role role) {
        return new Caller("acme", "me", Credential.PASSWORD, null, null, Map.of(team, role), Set.of(), false, null);
    }

    private static Caller noRole() {
        return new Caller("acme", "me", Credential.PASSWORD, null, null, Map.of(), Set.of(), false, null);
    }

    private static Caller apiKey(Role orgRole, String... scopes) {
        return new Caller("acme", "ci", Credential.API_KEY, "key-1", orgRole, Map.of(), Set.of(scopes), false, null);
    }

    @Test
    public void anotherOrganisationsObjectIsRefusedEvenToItsAdmins() {
        Caller admin = Caller.system("acme");
        for (Resource r : Resource.values()) {
            for (Operation o : Operation.values()) {
                assertFalse(r + " " + o, policy.allows(admin, r, o, Target.owned("globex", "web", "system")));
            }
        }
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> policy.check(admin, Resource.PROJECT, Operation.READ, Target.team("globex", "web")));
        assertTrue(e.getMessage(), e.getMessage().contains("another organisation"));
    }

    @Test
    public void denialNamesTheRoleAndTheTeam() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.check(
                inTeam("web", Role.DEVELOPER), Resource.PROJECT, Operation.DELETE, Target.team("acme", "web")));
        assertEquals("deleting a project needs Team Admin in team 'web'", e.getMessage());

        e = assertThrows(AccessDeniedException.class, () -> policy.check(inTeam("web", Role.DEVELOPER),
                Resource.API_KEY, Operation.DELETE, Target.owned("acme", null, "bob")));
        assertEquals("revoking an API key needs you to be its owner, or Organisation Admin", e.getMessage());

        e = assertThrows(AccessDeniedException.class, () -> policy.check(orgWide(Role.ORG_ADMIN), Resource.API_KEY,
                Operation.UPDATE, Target.owned("acme", null, "me")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("updating an API key is not possible: "));
    }

    @Test
    public void organisationsAreCreatedAndDeletedByStudioAdminsOnly() {
        Target acme = Target.organisation("acme");
        assertFalse(policy.allows(orgWide(Role.ORG_ADMIN), Resource.ORGANISATION, Operation.CREATE, acme));
        assertFalse(policy.allows(orgWide(Role.ORG_ADMIN), Resource.ORGANISATION, Operation.DELETE, acme));
        assertTrue(policy.allows(Caller.system("acme"), Resource.ORGANISATION, Operation.CREATE, acme));
        assertTrue(policy.allows(Caller.system("acme"), Resource.ORGANISATION, Operation.DELETE, acme));
        assertTrue(policy.allows(orgWide(Role.ORG_ADMIN), Resource.ORGANISATION, Operation.UPDATE, acme));
        assertFalse(policy.allows(inTeam("web", Role.TEAM_ADMIN), Resource.ORGANISATION, Operation.UPDATE, acme));
        assertTrue(policy.allows(inTeam("web", Role.ANALYST), Resource.ORGANISATION, Operation.READ, acme));
        assertFalse(policy.allows(noRole(), Resource.ORGANISATION, Operation.READ,
                acme));
    }

    @Test
    public void usersAreManagedByOrgAdminsAndMayReadAllAndUpdateThemselves() {
        Caller dev = inTeam("web", Role.DEVELOPER);
        assertTrue(policy.allows(dev, Resource.USER, Operation.READ, Target.owned("acme", null, "bob")));
        assertTrue(policy.allows(dev, Resource.USER, Operation.UPDATE, Target.owned("acme", null, "me")));
        assertFalse(policy.allows(dev, Resource.USER, Operation.UPDATE, Target.owned("acme", null, "bob")));
        assertFalse(policy.allows(dev, Resource.USER, Operation.CREATE, Target.organisation("acme")));
        assertFalse(policy.allows(dev, Resource.USER, Operation.DELETE, Target.owned("acme", null, "me")));
        Caller admin = orgWide(Role.ORG_ADMIN);
        for (Operation o : Operation.values()) {
            assertTrue(o.toString(), policy.allows(admin, Resource.USER, o, Target.owned("acme", null, "bob")));
        }
        assertTrue("a user without roles still reads themself",
                policy.allows(noRole(), Resource.USER, Operation.READ, Target.owned("acme", null, "me")));
    }

    @Test
    public void teamRolesAreGrantedByTeamAdminsAndOrganisationRolesByOrgAdmins() {
        Caller teamAdmin = inTeam("web", Role.TEAM_ADMIN);
        Target inWeb = Target.owned("acme", "web", "bob");
        Target inOps = Target.owned("acme", "ops", "bob");
        Target orgWide = Target.owned("acme", null, "bob");
        for (Operation o : new Operation[] {Operation.CREATE, Operation.UPDATE, Operation.DELETE}) {
            assertTrue(policy.allows(teamAdmin, Resource.MEMBERSHIP, o, inWeb));
            assertFalse(policy.allows(teamAdmin, Resource.MEMBERSHIP, o, inOps));
            assertFalse(policy.allows(teamAdmin, Resource.MEMBERSHIP, o, orgWide));
            assertTrue(policy.allows(orgWide(Role.ORG_ADMIN), Resource.MEMBERSHIP, o, orgWide));
            assertFalse(policy.allows(orgWide(Role.BILLING_ADMIN), Resource.MEMBERSHIP, o, orgWide));
        }
        assertTrue(policy.allows(inTeam("ops", Role.ANALYST), Resource.MEMBERSHIP, Operation.READ, inWeb));
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> policy.check(teamAdmin, Resource.MEMBERSHIP, Operation.CREATE, orgWide));
        assertEquals("granting a role needs Organisation Admin", e.getMessage());
    }

    @Test
    public void auditIsForOrgAdminsAndUsageForBillingOrOneself() {
        Target org = Target.organisation("acme");
        assertTrue(policy.allows(orgWide(Role.ORG_ADMIN), Resource.AUDIT, Operation.READ, org));
        assertFalse(policy.allows(orgWide(Role.BILLING_ADMIN), Resource.AUDIT, Operation.READ, org));
        assertFalse(policy.allows(Caller.system("acme"), Resource.AUDIT, Operation.DELETE, org));

        assertTrue(policy.allows(orgWide(Role.BILLING_ADMIN), Resource.USAGE, Operation.READ, org));
        assertTrue(policy.allows(orgWide(Role.ORG_ADMIN), Resource.USAGE, Operation.READ, org));
        assertFalse(policy.allows(inTeam("web", Role.TEAM_ADMIN), Resource.USAGE, Operation.READ, org));
        assertTrue(policy.allows(inTeam("web", Role.DEVELOPER), Resource.USAGE, Operation.READ,
                Target.owned("acme", null, "me")));
        assertFalse(policy.allows(orgWide(Role.ORG_ADMIN), Resource.USAGE, Operation.CREATE, org));
    }

    @Test
    public void apiKeyScopesNarrowTheOwnersRoles() {
        Target web = Target.team("acme", "web");
        assertFalse("no scopes, nothing", policy.allows(apiKey(Role.ORG_ADMIN), Resource.PROJECT, Operation.READ, web));
        assertTrue(policy.allows(apiKey(Role.ORG_ADMIN, "*"), Resource.PROJECT, Operation.DELETE, web));
        assertTrue(policy.allows(apiKey(Role.ORG_ADMIN, "projects:*"), Resource.PROJECT, Operation.DELETE, web));
        assertTrue(policy.allows(apiKey(Role.ORG_ADMIN, "projects:read"), Resource.PROJECT, Operation.READ, web));
        assertFalse(policy.allows(apiKey(Role.ORG_ADMIN, "projects:read"), Resource.PROJECT, Operation.UPDATE, web));
        for (Operation o : new Operation[] {Operation.CREATE, Operation.UPDATE, Operation.DELETE}) {
            assertTrue(policy.allows(apiKey(Role.ORG_ADMIN, "projects:write"), Resource.PROJECT, o, web));
        }
        assertFalse(policy.allows(apiKey(Role.ORG_ADMIN, "projects:write"), Resource.PROJECT, Operation.READ, web));
        assertFalse(policy.allows(apiKey(Role.ORG_ADMIN, "sessions:*"), Resource.PROJECT, Operation.READ, web));
        assertTrue(policy.allows(apiKey(Role.ORG_ADMIN, "api-keys:write"), Resource.API_KEY, Operation.DELETE,
                Target.owned("acme", null, "x")));
        assertTrue(policy.allows(apiKey(Role.ORG_ADMIN, "members:read"), Resource.MEMBERSHIP, Operation.READ, web));

        assertFalse("scopes never add to the roles",
                policy.allows(apiKey(Role.BILLING_ADMIN, "*"), Resource.PROJECT, Operation.DELETE, web));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.check(
                apiKey(Role.ORG_ADMIN, "projects:read"), Resource.PROJECT, Operation.DELETE, web));
        assertTrue(e.getMessage(), e.getMessage().contains("'projects:write'"));
    }

    @Test
    public void scopesOfOtherCredentialsAreIgnored() {
        assertTrue(policy.allows(orgWide(Role.ORG_ADMIN), Resource.PROJECT, Operation.DELETE,
                Target.team("acme", "web")));
    }

    @Test
    public void scopeGrammar() {
        for (String ok : new String[] {"*", "projects:read", "sessions:write", "api-keys:*", "members:read",
                "organisations:read", "audit:read", "usage:read", "teams:*", "users:write"}) {
            assertTrue(ok, Scopes.isValid(ok));
        }
        for (String bad : new String[] {"", "projects", "projects:delete", "project:read", "PROJECTS:READ", "*:read",
                "projects:read ", null}) {
            assertFalse(String.valueOf(bad), Scopes.isValid(bad));
        }
    }

    @Test
    public void malformedQuestionsAreRefusedWithoutThrowingFromAllows() {
        Caller admin = orgWide(Role.ORG_ADMIN);
        assertFalse(policy.allows(null, Resource.TEAM, Operation.READ, Target.organisation("acme")));
        assertFalse(policy.allows(admin, null, Operation.READ, Target.organisation("acme")));
        assertFalse(policy.allows(admin, Resource.TEAM, null, Target.organisation("acme")));
        assertFalse(policy.allows(admin, Resource.TEAM, Operation.READ, null));
        assertFalse(policy.allows(admin, Resource.TEAM, Operation.READ, new Target(null, null, null)));
        assertThrows(AccessDeniedException.class, () -> policy.check(admin, Resource.TEAM, Operation.READ, null));
    }
}
