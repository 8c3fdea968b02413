package io.coditect.studio.core.internal.tenancy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;

/**
 * An acme administrator (who may do everything in acme, so no role check is the reason) calls every
 * method with globex's id or ids of globex's objects: each answers NOT_FOUND exactly as for an id
 * that exists nowhere, changes nothing in globex and leaves an audit event in acme.
 */
public class TenantIsolationTest extends TenancyFixture {

    private static final char[] NEW_PASSWORD = "another long password".toCharArray();

    private Map<String, Function<String, Object>> callsNamingAnOrganisation(Caller c) {
        PageRequest p = PageRequest.first();
        Map<String, Function<String, Object>> calls = new LinkedHashMap<>();
        calls.put("organisation", org -> service.organisation(c, org));
        calls.put("updateOrganisation", org -> service.updateOrganisation(c, Organisation.of(org, "Taken")));
        calls.put("deleteOrganisation", org -> run(() -> service.deleteOrganisation(c, org)));
        calls.put("listTeams", org -> service.listTeams(c, org, null, p));
        calls.put("team", org -> service.team(c, org, "web"));
        calls.put("createTeam", org -> service.createTeam(c, Team.of(org, "new-team", "New")));
        calls.put("updateTeam", org -> service.updateTeam(c, Team.of(org, "web", "Renamed")));
        calls.put("deleteTeam", org -> run(() -> service.deleteTeam(c, org, "web")));
        calls.put("listUsers", org -> service.listUsers(c, org, UserFilter.ALL, p));
        calls.put("user", org -> service.user(c, org, "gina"));
        calls.put("createUser", org -> service.createUser(c, User.of(org, "mole", "mole@x.example", "Mole"), null));
        calls.put("updateUser", org -> service.updateUser(c, User.of(org, "gina", "g@x.example", "G")));
        calls.put("changePassword", org -> run(() -> service.changePassword(c, org, "gina", null, NEW_PASSWORD)));
        calls.put("deleteUser", org -> run(() -> service.deleteUser(c, org, "gina")));
        calls.put("listMemberships", org -> service.listMemberships(c, org, MembershipFilter.ALL, p));
        calls.put("grant", org -> service.grant(c, org, "gina", null, Role.BILLING_ADMIN));
        calls.put("revoke", org -> run(() -> service.revoke(c, org, "gus", "secret")));
        calls.put("listProjects", org -> service.listProjects(c, org, ProjectFilter.ALL, p));
        calls.put("project", org -> service.project(c, org, "plans"));
        calls.put("createProject", org -> service.createProject(c, Project.of(org, "mole", "secret", "Mole")));
        calls.put("updateProject", org -> service.updateProject(c, Project.of(org, "plans", "secret", "Mine")));
        calls.put("deleteProject", org -> run(() -> service.deleteProject(c, org, "plans")));
        calls.put("auditEvents", org -> service.auditEvents(c, org, AuditFilter.ALL, p));
        return calls;
    }

    private Map<String, Function<String, Object>> callsNamingAnObject(Caller c) {
        PageRequest p = PageRequest.first();
        Map<String, Function<String, Object>> calls = new LinkedHashMap<>();
        // globex has team 'secret', user 'gina', project 'plans'; acme has none of them
        calls.put("team", id -> service.team(c, "acme", id));
        calls.put("updateTeam", id -> service.updateTeam(c, Team.of("acme", id, "Renamed")));
        calls.put("deleteTeam", id -> run(() -> service.deleteTeam(c, "acme", id)));
        calls.put("listUsers by team", id -> service.listUsers(c, "acme", UserFilter.ALL.withTeam(id), p));
        calls.put("listMemberships by team", id -> service.listMemberships(c, "acme",
                MembershipFilter.ALL.withTeam(id), p));
        calls.put("listProjects by team", id -> service.listProjects(c, "acme", ProjectFilter.ALL.withTeam(id), p));
        calls.put("grant in team", id -> service.grant(c, "acme", "dev", id, Role.DEVELOPER));
        calls.put("revoke in team", id -> run(() -> service.revoke(c, "acme", "dev", id)));
        calls.put("createProject in team", id -> service.createProject(c, Project.of("acme", "mole", id, "Mole")));
        calls.put("move project to team", id -> service.updateProject(c, Project.of("acme", "site", id, "Site")));
        return calls;
    }

    private Map<String, Function<String, Object>> callsNamingAUser(Caller c) {
        PageRequest p = PageRequest.first();
        Map<String, Function<String, Object>> calls = new LinkedHashMap<>();
        calls.put("user", id -> service.user(c, "acme", id));
        calls.put("updateUser", id -> service.updateUser(c, User.of("acme", id, "x@x.example", "X")));
        calls.put("changePassword", id -> run(() -> service.changePassword(c, "acme", id, null, NEW_PASSWORD)));
        calls.put("deleteUser", id -> run(() -> service.deleteUser(c, "acme", id)));
        calls.put("listMemberships by user", id -> service.listMemberships(c, "acme",
                MembershipFilter.ALL.withUser(id), p));
        calls.put("grant", id -> service.grant(c, "acme", id, "web", Role.DEVELOPER));
        calls.put("revoke", id -> run(() -> service.revoke(c, "acme", id, null)));
        return calls;
    }

    private Map<String, Function<String, Object>> callsNamingAProject(Caller c) {
        Map<String, Function<String, Object>> calls = new LinkedHashMap<>();
        calls.put("project", id -> service.project(c, "acme", id));
        calls.put("updateProject", id -> service.updateProject(c, Project.of("acme", id, "web", "Mine")));
        calls.put("deleteProject", id -> run(() -> service.deleteProject(c, "acme", id)));
        return calls;
    }

    private static Object run(Runnable r) {
        r.run();
        return null;
    }

    @Test
    public void anotherOrganisationIsNotFoundLikeOneThatDoesNotExist() {
        assertLikeNonExistent(callsNamingAnOrganisation(caller("acme", "ann")), "globex", "nowhere");
    }

    @Test
    public void anotherOrganisationsTeamIsNotFoundLikeOneThatDoesNotExist() {
        assertLikeNonExistent(callsNamingAnObject(caller("acme", "ann")), "secret", "no-such-team");
    }

    @Test
    public void anotherOrganisationsUserIsNotFoundLikeOneThatDoesNotExist() {
        assertLikeNonExistent(callsNamingAUser(caller("acme", "ann")), "gina", "no-such-user");
    }

    @Test
    public void anotherOrganisationsProjectIsNotFoundLikeOneThatDoesNotExist() {
        assertLikeNonExistent(callsNamingAProject(caller("acme", "ann")), "plans", "no-such-project");
    }

    @Test
    public void aStudioAdministratorIsToldTheSameAboutAnOrganisationThatDoesNotExist() {
        Map<String, Function<String, Object>> calls = callsNamingAnOrganisation(studioAdmin());
        for (Map.Entry<String, Function<String, Object>> call : calls.entrySet()) {
            StoreException e = assertThrows(call.getKey(), StoreException.class, () -> call.getValue().apply("nowhere"));
            assertEquals(call.getKey(), "organisation 'nowhere' not found", e.getMessage());
        }
    }

    private void assertLikeNonExistent(Map<String, Function<String, Object>> calls, String foreign, String absent) {
        for (Map.Entry<String, Function<String, Object>> call : calls.entrySet()) {
            String name = call.getKey();
            int auditBefore = auditCount("acme");
            int globexAuditBefore = auditCount("globex");
            StoreException forForeign = assertThrows(name, StoreException.class, () -> call.getValue().apply(foreign));
            StoreException forAbsent = assertThrows(name, StoreException.class, () -> call.getValue().apply(absent));
            assertEquals(name, StoreException.Kind.NOT_FOUND, forForeign.kind());
            assertEquals(name, StoreException.Kind.NOT_FOUND, forAbsent.kind());
            assertEquals(name + ": the same answer as for an id that exists nowhere",
                    forAbsent.getMessage().replace(absent, foreign), forForeign.getMessage());
            assertEquals(name, forAbsent.getClass(), forForeign.getClass());

            List<AuditEvent> denied = audit("acme", AuditTrail.CROSS_TENANT);
            assertEquals(name + ": both attempts are audited", auditBefore + 2, auditCount("acme"));
            AuditEvent last = denied.get(1);
            assertEquals(name, AuditOutcome.DENIED, last.outcome());
            assertEquals(name, "ann", last.actor());
            assertTrue(name + ": " + last.target(), last.target().endsWith("/" + foreign));
            assertNotNull(name, last.details().get("action"));
            assertEquals(name + ": nothing is written into the organisation probed", globexAuditBefore,
                    auditCount("globex"));
        }
        assertGlobexUntouched();
    }

    private void assertGlobexUntouched() {
        assertEquals("GLOBEX", store.findOrganisation("globex").orElseThrow().name());
        assertEquals("WEB", store.findTeam("globex", "web").orElseThrow().name());
        assertTrue(store.findTeam("globex", "secret").isPresent());
        assertEquals("gina", store.findUser("globex", "gina").orElseThrow().displayName());
        assertEquals(Role.ORG_ADMIN, store.findMembership("globex", "gina", null).orElseThrow().role());
        assertTrue(store.findMembership("globex", "gus", "secret").isPresent());
        assertTrue(hasher.verify(PASSWORD.toCharArray(), store.findPasswordHash("globex", "gina").orElseThrow()));
        assertEquals("Plans", store.findProject("globex", "plans").orElseThrow().name());
        assertTrue(store.findUser("acme", "mole").isEmpty());
        assertTrue(store.findProject("acme", "mole").isEmpty());
        assertEquals("web", store.findProject("acme", "site").orElseThrow().teamId());
    }

    @Test
    public void forgedOwnersAndTimesInInputAreIgnored() {
        Caller lee = caller("acme", "lee");
        Instant forged = Instant.parse("2001-01-01T00:00:00Z");
        Project created = service.createProject(lee, new Project(null, "p-new", "web", "New", null, "gina", forged));
        assertEquals("acme", created.orgId());
        assertEquals("lee", created.createdBy());
        assertTrue(created.createdAt().isAfter(forged));

        Project moved = service.updateProject(lee, new Project("acme", "p-new", null, "Renamed", "d", "ann", forged));
        assertEquals("lee", moved.createdBy());
        assertEquals("web", moved.teamId());
        assertEquals(created.createdAt(), moved.createdAt());

        Caller ann = caller("acme", "ann");
        Team team = service.createTeam(ann, new Team(null, "t-new", "T", forged));
        assertEquals("acme", team.orgId());
        assertTrue(team.createdAt().isAfter(forged));
        User user = service.createUser(ann, new User(null, "u-new", "u@acme.example", "U", false, forged), null);
        assertEquals("acme", user.orgId());
        assertTrue(user.createdAt().isAfter(forged));
    }

    @Test
    public void aRecordNamingAnotherOrganisationIsNotFound() {
        Caller lee = caller("acme", "lee");
        StoreException e = assertThrows(StoreException.class,
                () -> service.createProject(lee, Project.of("globex", "p-new", "web", "New")));
        assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
        assertTrue(store.findProject("globex", "p-new").isEmpty());
        assertTrue(store.findProject("acme", "p-new").isEmpty());
    }

    @Test
    public void selfIsTheCallersOwnUser() {
        assertEquals("dev", service.self(caller("acme", "dev")).orElseThrow().id());
        assertEquals("gina", service.self(caller("globex", "gina")).orElseThrow().displayName());
        assertTrue(service.self(new Caller("acme", "gina", caller("acme", "nora").credential(), null, null, Map.of(),
                null, false, null)).isEmpty());
    }
}
