package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.TenancyStore;
import java.util.List;
import java.util.Map;

/**
 * Projects: project leads create and change them in their teams, team admins delete them; members
 * of a team read its projects, organisation-wide roles read all.
 */
final class Projects {

    private final TenancyStore store;
    private final Access access;
    private final AuditTrail audit;
    private final TeamByTeamPages teamByTeam;

    Projects(TenancyStore store, Access access, AuditTrail audit) {
        this.store = store;
        this.access = access;
        this.audit = audit;
        this.teamByTeam = new TeamByTeamPages(store);
    }

    Page<Project> list(Caller caller, String orgId, ProjectFilter filter, PageRequest page) {
        Caller c = access.in(caller, orgId, "project.list");
        ProjectFilter f = filter == null ? ProjectFilter.ALL : filter;
        return access.call(c, "project.list", AuditTrail.organisation(orgId), () -> {
            if (f.teamId() != null) {
                access.check(c, Resource.PROJECT, Operation.READ, Target.team(orgId, access.team(orgId, f.teamId()).id()));
                return store.listProjects(orgId, f, page);
            }
            // a team-less target passes only for roles that see every team
            if (access.allows(c, Resource.PROJECT, Operation.READ, Target.team(orgId, null))) {
                return store.listProjects(orgId, f, page);
            }
            List<String> teams = c.teamRoles().keySet().stream().sorted()
                    .filter(t -> access.allows(c, Resource.PROJECT, Operation.READ, Target.team(orgId, t))).toList();
            if (teams.isEmpty() && !c.teamRoles().isEmpty()) {
                // roles that the credential may not use (an API key's scopes): say so rather than list nothing
                access.check(c, Resource.PROJECT, Operation.READ, Target.team(orgId, c.teamRoles().keySet()
                        .iterator().next()));
            }
            return teamByTeam.page(orgId, teams, f, page);
        });
    }

    Project get(Caller caller, String orgId, String projectId) {
        Caller c = access.in(caller, orgId, "project.read");
        return access.call(c, "project.read", AuditTrail.project(projectId), () -> {
            Project stored = access.project(orgId, projectId);
            access.check(c, Resource.PROJECT, Operation.READ, Target.team(orgId, stored.teamId()));
            return stored;
        });
    }

    /**
     * The creating user, when they are a user of the organisation: the shell and studio administrators
     * acting in another organisation are not, and the store only accepts its own users.
     */
    private static String creator(Caller caller, String orgId) {
        return caller.credential() == Credential.SYSTEM || !caller.orgId().equals(orgId) ? null : caller.userId();
    }

    Project create(Caller caller, Project project) {
        Project p = required(project);
        String orgId = Access.orgOf(caller, p.orgId());
        Caller c = access.in(caller, orgId, "project.create");
        String target = AuditTrail.project(p.id());
        return access.call(c, "project.create", target, () -> {
            String team = access.team(orgId, p.teamId()).id();
            access.check(c, Resource.PROJECT, Operation.CREATE, Target.team(orgId, team));
            Project created = store.createProject(new Project(orgId, p.id(), team, p.name(), p.description(),
                    creator(caller, orgId), null));
            audit.success(c, "project.create", target, Map.of("team", team));
            return created;
        });
    }

    /** Changes name, description and team; moving a project needs Project Lead in both teams. */
    Project update(Caller caller, Project project) {
        Project p = required(project);
        String orgId = Access.orgOf(caller, p.orgId());
        Caller c = access.in(caller, orgId, "project.update");
        String target = AuditTrail.project(p.id());
        return access.call(c, "project.update", target, () -> {
            Project stored = access.project(orgId, p.id());
            access.check(c, Resource.PROJECT, Operation.UPDATE, Target.team(orgId, stored.teamId()));
            String team = stored.teamId();
            if (p.teamId() != null && !p.teamId().equals(stored.teamId())) {
                team = access.team(orgId, p.teamId()).id();
                access.check(c, Resource.PROJECT, Operation.CREATE, Target.team(orgId, team));
            }
            Project updated = store.updateProject(stored.withName(p.name()).withDescription(p.description())
                    .withTeam(team));
            audit.success(c, "project.update", target, team.equals(stored.teamId()) ? Map.of("team", team)
                    : Map.of("team", team, "fromTeam", stored.teamId()));
            return updated;
        });
    }

    void delete(Caller caller, String orgId, String projectId) {
        Caller c = access.in(caller, orgId, "project.delete");
        String target = AuditTrail.project(projectId);
        access.call(c, "project.delete", target, () -> {
            Project stored = access.project(orgId, projectId);
            access.check(c, Resource.PROJECT, Operation.DELETE, Target.team(orgId, stored.teamId()));
            store.deleteProject(orgId, stored.id());
            audit.success(c, "project.delete", target, Map.of("team", stored.teamId()));
            return null;
        });
    }

    private static Project required(Project project) {
        if (project == null) {
            throw StoreException.invalid("the project is missing: give its id, team and name");
        }
        return project;
    }
}
