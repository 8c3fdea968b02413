package io.coditect.studio.core.internal.tenancy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** Who sees which projects, paging across teams, and passwords. */
public class ProjectsAndPasswordsTest extends TenancyFixture {

    private List<String> ids(Caller caller, ProjectFilter filter) {
        return service.listProjects(caller, "acme", filter, PageRequest.first()).items().stream().map(Project::id)
                .toList();
    }

    @Test
    public void membersSeeTheirTeamsProjectsAndOrganisationRolesSeeAll() {
        assertEquals(List.of("site"), ids(caller("acme", "dev"), ProjectFilter.ALL));
        assertEquals(List.of("site"), ids(caller("acme", "ana"), ProjectFilter.ALL));
        assertEquals(List.of("infra"), ids(caller("acme", "otto"), ProjectFilter.ALL));
        assertEquals(List.of("infra", "site"), ids(caller("acme", "bill"), ProjectFilter.ALL));
        assertEquals(List.of("infra", "site"), ids(caller("acme", "ann"), ProjectFilter.ALL));
        assertEquals(List.of(), ids(caller("acme", "nora"), ProjectFilter.ALL));
        assertEquals(List.of("site"), ids(caller("acme", "dev"), ProjectFilter.ALL.withTeam("web")));
        assertEquals(List.of("infra"), ids(caller("acme", "bill"), ProjectFilter.ALL.withTeam("ops")));
        assertEquals(List.of(), ids(caller("acme", "dev"), ProjectFilter.ALL.withText("infra")));
    }

    @Test
    public void aMemberOfSeveralTeamsPagesThroughAllTheirProjects() {
        Caller ann = caller("acme", "ann");
        store.createTeam(io.coditect.studio.api.tenancy.Team.of("acme", "data", "Data"));
        for (int i = 0; i < 5; i++) {
            store.createProject(Project.of("acme", "w" + i, "web", "W" + i));
            store.createProject(Project.of("acme", "o" + i, "ops", "O" + i));
            store.createProject(Project.of("acme", "d" + i, "data", "D" + i));
        }
        service.grant(ann, "acme", "nora", "web", Role.DEVELOPER);
        service.grant(ann, "acme", "nora", "ops", Role.ANALYST);
        service.grant(ann, "acme", "nora", "data", Role.DEVELOPER);
        service.revoke(ann, "acme", "nora", "data");
        store.createTeam(io.coditect.studio.api.tenancy.Team.of("acme", "empty", "Empty"));
        service.grant(ann, "acme", "nora", "empty", Role.DEVELOPER);
        Caller nora = caller("acme", "nora");

        for (int limit : new int[] {1, 2, 3, 6, 12, 13, 50}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<Project> page = service.listProjects(nora, "acme", ProjectFilter.ALL,
                        PageRequest.after(cursor, limit));
                assertEquals("limit " + limit, 12, page.total());
                assertTrue(page.items().size() <= limit);
                page.items().forEach(p -> seen.add(p.id()));
                cursor = page.nextCursor();
                assertTrue("no empty page before the end", page.items().size() > 0 || cursor == null);
                pages++;
            } while (cursor != null);
            assertEquals("limit " + limit, 12, seen.size());
            assertEquals(new HashSet<>(seen).size(), seen.size());
            assertEquals(Set.of("infra", "o0", "o1", "o2", "o3", "o4", "site", "w0", "w1", "w2", "w3", "w4"),
                    new HashSet<>(seen));
            assertEquals("limit " + limit, (12 + limit - 1) / limit, pages);
        }
        StoreException e = assertThrows(StoreException.class, () -> service.listProjects(nora, "acme",
                ProjectFilter.ALL, PageRequest.after("forged", 5)));
        assertEquals(StoreException.Kind.INVALID, e.kind());
    }

    @Test
    public void passwordsFollowTheRules() {
        Caller ann = caller("acme", "ann");
        StoreException shortOne = assertThrows(StoreException.class, () -> service.createUser(ann,
                User.of("acme", "sam", "sam@acme.example", "Sam"), "short".toCharArray()));
        assertEquals(StoreException.Kind.INVALID, shortOne.kind());
        assertTrue(shortOne.getMessage(), shortOne.getMessage().contains("too short"));
        assertTrue("nothing is created", store.findUser("acme", "sam").isEmpty());

        service.createUser(ann, User.of("acme", "sam", "sam@acme.example", "Sam"), "sam's long password".toCharArray());
        assertTrue(hasher.verify("sam's long password".toCharArray(), store.findPasswordHash("acme", "sam")
                .orElseThrow()));
        service.createUser(ann, User.of("acme", "sso", "sso@acme.example", "SSO only"), null);
        assertTrue(store.findPasswordHash("acme", "sso").isEmpty());
    }

    @Test
    public void ownPasswordNeedsTheCurrentOneAndAdminsSetAnybodys() {
        Caller dev = caller("acme", "dev");
        char[] next = "the next long password".toCharArray();
        AccessDeniedException wrong = assertThrows(AccessDeniedException.class,
                () -> service.changePassword(dev, "acme", "dev", "not my password".toCharArray(), next));
        assertTrue(wrong.getMessage(), wrong.getMessage().contains("current password"));
        assertThrows(AccessDeniedException.class, () -> service.changePassword(dev, "acme", "dev", null, next));
        assertEquals(AuditOutcome.DENIED, audit("acme", "user.password").get(0).outcome());
        assertTrue(hasher.verify(PASSWORD.toCharArray(), store.findPasswordHash("acme", "dev").orElseThrow()));

        StoreException weak = assertThrows(StoreException.class,
                () -> service.changePassword(dev, "acme", "dev", PASSWORD.toCharArray(), "weak".toCharArray()));
        assertEquals(StoreException.Kind.INVALID, weak.kind());

        service.changePassword(dev, "acme", "dev", PASSWORD.toCharArray(), next);
        assertTrue(hasher.verify(next, store.findPasswordHash("acme", "dev").orElseThrow()));

        assertThrows(AccessDeniedException.class, () -> service.changePassword(caller("acme", "tara"), "acme", "dev",
                null, "tara sets it now".toCharArray()));
        service.changePassword(caller("acme", "ann"), "acme", "dev", null, "ann sets it now".toCharArray());
        assertTrue(hasher.verify("ann sets it now".toCharArray(), store.findPasswordHash("acme", "dev")
                .orElseThrow()));
        assertEquals(AuditOutcome.SUCCESS, audit("acme", "user.password").get(0).outcome());
        assertFalse("the audit trail never holds a password", audit("acme", "user.password").toString()
                .contains("ann sets it now"));
        assertNull(audit("acme", "user.password").get(0).details().get("password"));
    }
}
