package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyStore;
import java.util.Map;

/** Teams: organisation admins create and delete them, their team admins rename them. */
final class Teams {

    private final TenancyStore store;
    private final Access access;
    private final AuditTrail audit;
    private final AccessChanges changes;

    Teams(TenancyStore store, Access access, AuditTrail audit, AccessChanges changes) {
        this.store = store;
        this.access = access;
        this.audit = audit;
        this.changes = changes;
    }

    Page<Team> list(Caller caller, String orgId, String text, PageRequest page) {
        Caller c = access.in(caller, orgId, "team.list");
        return access.call(c, "team.list", AuditTrail.organisation(orgId), () -> {
            access.check(c, Resource.TEAM, Operation.READ, Target.organisation(orgId));
            return store.listTeams(orgId, text, page);
        });
    }

    Team get(Caller caller, String orgId, String teamId) {
        Caller c = access.in(caller, orgId, "team.read");
        return access.call(c, "team.read", AuditTrail.team(teamId), () -> {
            Team stored = access.team(orgId, teamId);
            access.check(c, Resource.TEAM, Operation.READ, Target.team(orgId, stored.id()));
            return stored;
        });
    }

    Team create(Caller caller, Team team) {
        Team t = required(team);
        String orgId = Access.orgOf(caller, t.orgId());
        Caller c = access.in(caller, orgId, "team.create");
        String target = AuditTrail.team(t.id());
        return access.call(c, "team.create", target, () -> {
            access.check(c, Resource.TEAM, Operation.CREATE, Target.organisation(orgId));
            Team created = store.createTeam(Team.of(orgId, t.id(), t.name()));
            audit.success(c, "team.create", target, Map.of("name", created.name()));
            return created;
        });
    }

    Team update(Caller caller, Team team) {
        Team t = required(team);
        String orgId = Access.orgOf(caller, t.orgId());
        Caller c = access.in(caller, orgId, "team.update");
        String target = AuditTrail.team(t.id());
        return access.call(c, "team.update", target, () -> {
            Team stored = access.team(orgId, t.id());
            access.check(c, Resource.TEAM, Operation.UPDATE, Target.team(orgId, stored.id()));
            Team updated = store.updateTeam(stored.withName(t.name()));
            audit.success(c, "team.update", target, Map.of("name", updated.name()));
            return updated;
        });
    }

    void delete(Caller caller, String orgId, String teamId) {
        Caller c = access.in(caller, orgId, "team.delete");
        String target = AuditTrail.team(teamId);
        access.call(c, "team.delete", target, () -> {
            Team stored = access.team(orgId, teamId);
            access.check(c, Resource.TEAM, Operation.DELETE, Target.team(orgId, stored.id()));
            store.deleteTeam(orgId, stored.id());
            audit.success(c, "team.delete", target, Map.of());
            return null;
        });
        // the roles held in the team went with it
        changes.organisationChanged(orgId);
    }

    private static Team required(Team team) {
        if (team == null) {
            throw StoreException.invalid("the team is missing: give its id and name");
        }
        return team;
    }
}
