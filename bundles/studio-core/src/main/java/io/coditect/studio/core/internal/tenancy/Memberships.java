package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Roles held: team admins grant and revoke team roles in their teams, organisation admins every
 * role. A team admin cannot grant anything above Team Admin, because the store refuses an
 * organisation-wide role with a team and the policy an organisation-wide grant to a team admin.
 */
final class Memberships {

    private final TenancyStore store;
    private final Access access;
    private final AuditTrail audit;
    private final LastAdmin lastAdmin;
    private final AccessChanges changes;

    Memberships(TenancyStore store, Access access, AuditTrail audit, LastAdmin lastAdmin, AccessChanges changes) {
        this.store = store;
        this.access = access;
        this.audit = audit;
        this.lastAdmin = lastAdmin;
        this.changes = changes;
    }

    Page<Membership> list(Caller caller, String orgId, MembershipFilter filter, PageRequest page) {
        Caller c = access.in(caller, orgId, "membership.list");
        MembershipFilter f = filter == null ? MembershipFilter.ALL : filter;
        return access.call(c, "membership.list", AuditTrail.organisation(orgId), () -> {
            if (f.userId() != null) {
                access.user(orgId, f.userId());
            }
            if (f.teamId() != null) {
                access.team(orgId, f.teamId());
            }
            access.check(c, Resource.MEMBERSHIP, Operation.READ, Target.organisation(orgId));
            return store.listMemberships(orgId, f, page);
        });
    }

    Membership grant(Caller caller, String orgId, String userId, String teamId, Role role) {
        Caller c = access.in(caller, orgId, "membership.grant");
        if (role == null) {
            throw StoreException.invalid("the role is missing: name one of " + List.of(Role.values()));
        }
        String target = AuditTrail.membership(userId, teamId);
        Membership granted = access.call(c, "membership.grant", target, () -> {
            String user = access.user(orgId, userId).id();
            String team = teamId == null ? null : access.team(orgId, teamId).id();
            access.check(c, Resource.MEMBERSHIP, Operation.CREATE, Target.owned(orgId, team, user));
            if (team == null && role != Role.ORG_ADMIN) {
                lastAdmin.requireAnother(orgId, user, "replacing the Organisation Admin role of");
            }
            Membership m = store.grant(orgId, user, team, role);
            audit.success(c, "membership.grant", target, details(m.role(), team));
            return m;
        });
        changes.userChanged(orgId, granted.userId());
        return granted;
    }

    void revoke(Caller caller, String orgId, String userId, String teamId) {
        Caller c = access.in(caller, orgId, "membership.revoke");
        String target = AuditTrail.membership(userId, teamId);
        access.call(c, "membership.revoke", target, () -> {
            String user = access.user(orgId, userId).id();
            String team = teamId == null ? null : access.team(orgId, teamId).id();
            access.check(c, Resource.MEMBERSHIP, Operation.DELETE, Target.owned(orgId, team, user));
            Membership held = store.findMembership(orgId, user, team).orElseThrow(() -> StoreException.notFound(
                    "user '" + user + "' holds no role " + (team == null ? "for the whole organisation"
                            : "in team '" + StudioIds.printable(team) + "'")));
            if (held.role() == Role.ORG_ADMIN) {
                lastAdmin.requireAnother(orgId, user, "revoking the Organisation Admin role of");
            }
            store.revoke(orgId, user, team);
            audit.success(c, "membership.revoke", target, details(held.role(), team));
            return null;
        });
        changes.userChanged(orgId, userId);
    }

    private static Map<String, String> details(Role role, String teamId) {
        Map<String, String> details = new HashMap<>();
        details.put("role", role.name());
        if (teamId != null) {
            details.put("team", teamId);
        }
        return details;
    }
}
