package io.coditect.studio.core.internal.tenancy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.Test;

/** Role checks of every management operation: refusals are 403s, audited; the allowed paths work. */
public class TenancyAccessTest extends TenancyFixture {

    private static final PageRequest FIRST = PageRequest.first();

    private void assertDenied(String action, String actor, Supplier<?> call) {
        int before = audit("acme", action).size();
        AccessDeniedException e = assertThrows(action + " by " + actor, AccessDeniedException.class, call::get);
        assertFalse(e.getMessage(), e.getMessage().isBlank());
        List<AuditEvent> events = audit("acme", action);
        assertEquals(action + " by " + actor + " is audited", before + 1, events.size());
        AuditEvent denied = events.get(0);
        assertEquals(AuditOutcome.DENIED, denied.outcome());
        assertEquals(actor, denied.actor());
        assertEquals(e.getMessage(), denied.details().get("reason"));
    }

    private static Object run(Runnable r) {
        r.run();
        return null;
    }

    @Test
    public void organisationsAreCreatedAndDeletedByStudioAdminsOnly() {
        Caller ann = caller("acme", "ann");
        assertDenied("organisation.create", "ann", () -> service.createOrganisation(ann,
                Organisation.of("initech", "Initech"), User.of(null, "boss", "boss@initech.example", "Boss"), null));
        assertDenied("organisation.delete", "ann", () -> run(() -> service.deleteOrganisation(ann, "acme")));
        assertDenied("organisation.update", "tara", () -> service.updateOrganisation(caller("acme", "tara"),
                Organisation.of("acme", "Mine")));
        assertEquals("Acme Corp", service.updateOrganisation(ann, Organisation.of("acme", "Acme Corp")).name());
        assertTrue(store.findOrganisation("initech").isEmpty());
        assertTrue(store.findOrganisation("acme").isPresent());
    }

    @Test
    public void teamsAreManagedByOrgAdminsAndRenamedByTheirTeamAdmins() {
        Caller tara = caller("acme", "tara");
        assertDenied("team.create", "tara", () -> service.createTeam(tara, Team.of("acme", "mine", "Mine")));
        assertDenied("team.delete", "tara", () -> run(() -> service.deleteTeam(tara, "acme", "web")));
        assertDenied("team.update", "tara", () -> service.updateTeam(tara, Team.of("acme", "ops", "Ops!")));
        assertDenied("team.update", "lee", () -> service.updateTeam(caller("acme", "lee"), Team.of("acme", "web",
                "W")));
        assertEquals("Web Team", service.updateTeam(tara, Team.of("acme", "web", "Web Team")).name());

        Caller ann = caller("acme", "ann");
        service.createTeam(ann, Team.of("acme", "data", "Data"));
        service.deleteTeam(ann, "acme", "data");
        assertTrue(store.findTeam("acme", "data").isEmpty());
        assertEquals(List.of("team.create", "team.delete", "team.update"), successes("team"));
    }

    @Test
    public void usersAreManagedByOrgAdminsAndUpdateThemselves() {
        Caller tara = caller("acme", "tara");
        Caller dev = caller("acme", "dev");
        assertDenied("user.create", "tara", () -> service.createUser(tara, User.of("acme", "x", "x@acme.example",
                "X"), null));
        assertDenied("user.delete", "tara", () -> run(() -> service.deleteUser(tara, "acme", "dev")));
        assertDenied("user.update", "dev", () -> service.updateUser(dev, store.findUser("acme", "lee").orElseThrow()
                .withDisplayName("Hacked")));
        assertDenied("user.update", "dev", () -> service.updateUser(dev, store.findUser("acme", "dev").orElseThrow()
                .withDisabled(true)));
        assertDenied("user.update", "tara", () -> service.updateUser(tara, store.findUser("acme", "nora")
                .orElseThrow().withDisabled(true)));

        User renamed = service.updateUser(dev, store.findUser("acme", "dev").orElseThrow().withDisplayName("Dev D."));
        assertEquals("Dev D.", renamed.displayName());
        assertFalse(renamed.disabled());
        assertEquals("lee", service.user(caller("acme", "ana"), "acme", "lee").id());
        assertEquals(8, service.listUsers(caller("acme", "otto"), "acme", UserFilter.ALL, FIRST).items().size());
        assertEquals("a user without roles still reads themself", "nora",
                service.user(caller("acme", "nora"), "acme", "nora").id());
        assertDenied("user.list", "nora", () -> service.listUsers(caller("acme", "nora"), "acme", UserFilter.ALL,
                FIRST));
    }

    @Test
    public void teamAdminsGrantTeamRolesInTheirTeamOnly() {
        Caller tara = caller("acme", "tara");
        assertDenied("membership.grant", "tara", () -> service.grant(tara, "acme", "nora", "ops", Role.DEVELOPER));
        assertDenied("membership.grant", "tara", () -> service.grant(tara, "acme", "nora", null, Role.ORG_ADMIN));
        assertDenied("membership.grant", "tara", () -> service.grant(tara, "acme", "nora", null,
                Role.BILLING_ADMIN));
        assertDenied("membership.grant", "lee", () -> service.grant(caller("acme", "lee"), "acme", "nora", "web",
                Role.DEVELOPER));
        assertDenied("membership.grant", "bill", () -> service.grant(caller("acme", "bill"), "acme", "nora", "web",
                Role.DEVELOPER));
        assertDenied("membership.revoke", "tara", () -> run(() -> service.revoke(tara, "acme", "otto", "ops")));
        StoreException aboveTeamAdmin = assertThrows(StoreException.class,
                () -> service.grant(tara, "acme", "nora", "web", Role.ORG_ADMIN));
        assertEquals(StoreException.Kind.INVALID, aboveTeamAdmin.kind());
        assertTrue(store.findMembership("acme", "nora", "web").isEmpty());

        Membership granted = service.grant(tara, "acme", "nora", "web", Role.TEAM_ADMIN);
        assertEquals(Role.TEAM_ADMIN, granted.role());
        service.revoke(tara, "acme", "nora", "web");
        assertTrue(store.findMembership("acme", "nora", "web").isEmpty());
        AuditEvent grant = audit("acme", "membership.grant").stream().filter(e -> e.outcome() == AuditOutcome.SUCCESS)
                .findFirst().orElseThrow();
        assertEquals("TEAM_ADMIN", grant.details().get("role"));
        assertEquals("web", grant.details().get("team"));
        assertEquals("membership/nora/web", grant.target());

        Caller ann = caller("acme", "ann");
        assertEquals(Role.BILLING_ADMIN, service.grant(ann, "acme", "nora", null, Role.BILLING_ADMIN).role());
        StoreException notHeld = assertThrows(StoreException.class, () -> service.revoke(ann, "acme", "nora", "ops"));
        assertEquals(StoreException.Kind.NOT_FOUND, notHeld.kind());
        assertEquals(8, service.listMemberships(caller("acme", "ana"), "acme", MembershipFilter.ALL, FIRST)
                .items().size());
    }

    @Test
    public void projectsFollowTheMatrix() {
        Caller dev = caller("acme", "dev");
        Caller lee = caller("acme", "lee");
        Caller otto = caller("acme", "otto");
        assertDenied("project.create", "dev", () -> service.createProject(dev, Project.of("acme", "p", "web", "P")));
        assertDenied("project.create", "otto", () -> service.createProject(otto, Project.of("acme", "p", "web", "P")));
        assertDenied("project.update", "dev", () -> service.updateProject(dev, Project.of("acme", "site", "web",
                "S")));
        assertDenied("project.delete", "lee", () -> run(() -> service.deleteProject(lee, "acme", "site")));
        assertDenied("project.read", "otto", () -> service.project(otto, "acme", "site"));
        assertDenied("project.list", "dev", () -> service.listProjects(dev, "acme", ProjectFilter.ALL.withTeam("ops"),
                FIRST));
        assertDenied("project.update", "lee", () -> service.updateProject(lee, Project.of("acme", "site", "ops",
                "Moved")));
        assertEquals("web", store.findProject("acme", "site").orElseThrow().teamId());

        assertEquals("site", service.project(caller("acme", "ana"), "acme", "site").id());
        assertEquals("infra", service.project(caller("acme", "bill"), "acme", "infra").id());
        Project p = service.createProject(lee, Project.of("acme", "p", "web", "P"));
        assertEquals("lee", p.createdBy());
        service.updateProject(lee, p.withDescription("described"));
        service.deleteProject(caller("acme", "tara"), "acme", "p");
        assertEquals(List.of("project.create", "project.delete", "project.update"), successes("project"));
    }

    @Test
    public void auditIsReadByOrgAdminsOnly() {
        assertDenied("audit.read", "tara", () -> service.auditEvents(caller("acme", "tara"), "acme", AuditFilter.ALL,
                FIRST));
        assertDenied("audit.read", "bill", () -> service.auditEvents(caller("acme", "bill"), "acme", AuditFilter.ALL,
                FIRST));
        assertFalse(service.auditEvents(caller("acme", "ann"), "acme", AuditFilter.ALL, FIRST).items().isEmpty());
    }

    @Test
    public void apiKeyCallersAreNarrowedByTheirScopes() {
        Caller key = caller("acme", "ann", Credential.API_KEY, Set.of("projects:read"));
        assertEquals(2, service.listProjects(key, "acme", ProjectFilter.ALL, FIRST).items().size());
        assertDenied("team.create", "apikey:key-ann", () -> service.createTeam(key, Team.of("acme", "k", "K")));
        Caller devKey = caller("acme", "dev", Credential.API_KEY, Set.of("teams:read"));
        assertDenied("project.list", "apikey:key-dev", () -> service.listProjects(devKey, "acme", ProjectFilter.ALL,
                FIRST));
        assertEquals(2, service.listTeams(devKey, "acme", null, FIRST).items().size());
    }

    @Test
    public void studioAdministratorsActAsOrgAdminsAnywhere() {
        Caller root = studioAdmin();
        Organisation initech = service.createOrganisation(root, Organisation.of("initech", "Initech"),
                new User("globex", "boss", "boss@initech.example", "Boss", true, null), PASSWORD.toCharArray());
        assertEquals("initech", initech.id());
        User boss = store.findUser("initech", "boss").orElseThrow();
        assertFalse("the first admin is enabled", boss.disabled());
        assertEquals(Role.ORG_ADMIN, store.findMembership("initech", "boss", null).orElseThrow().role());
        assertTrue(hasher.verify(PASSWORD.toCharArray(), store.findPasswordHash("initech", "boss").orElseThrow()));
        AuditEvent created = audit("initech", "organisation.create").get(0);
        assertEquals("root", created.actor());
        assertEquals("boss", created.details().get("admin"));

        assertEquals("a studio admin manages teams of any organisation", "acme",
                service.createTeam(root, Team.of("acme", "root-made", "R")).orgId());
        assertEquals("root", audit("acme", "team.create").get(0).actor());
        assertEquals(3, service.listOrganisations(root, null, FIRST).items().size());
        assertEquals(List.of("acme"), service.listOrganisations(caller("acme", "dev"), null, FIRST).items().stream()
                .map(Organisation::id).toList());
        assertTrue(service.listOrganisations(caller("acme", "dev"), "glob", FIRST).items().isEmpty());
        assertTrue(service.listOrganisations(caller("acme", "nora"), null, FIRST).items().isEmpty());

        service.deleteOrganisation(root, "initech");
        assertTrue(store.findOrganisation("initech").isEmpty());
        assertEquals("the audit trail outlives the organisation", 1, audit("initech", "organisation.delete").size());
    }

    @Test
    public void aCreationThatFailsHalfWayLeavesNothing() {
        StoreException e = assertThrows(StoreException.class, () -> service.createOrganisation(studioAdmin(),
                Organisation.of("initech", "Initech"), User.of(null, "boss", "not an e-mail", "Boss"), null));
        assertEquals(StoreException.Kind.INVALID, e.kind());
        assertTrue(store.findOrganisation("initech").isEmpty());
    }

    private List<String> successes(String prefix) {
        return db.audit().query("acme", AuditFilter.ALL.withAction(prefix).withOutcome(AuditOutcome.SUCCESS),
                PageRequest.first(100)).items().stream().map(AuditEvent::action).distinct().sorted().toList();
    }
}
