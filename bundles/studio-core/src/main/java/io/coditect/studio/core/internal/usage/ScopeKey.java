package io.coditect.studio.core.internal.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;

/**
 * Whose usage a budget counts: an organisation, or a team, user or project in it.
 *
 * @param id the organisation id again for {@link BudgetScope#ORGANISATION}
 */
public record ScopeKey(BudgetScope kind, String orgId, String id) {

    public ScopeKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(id, "id");
    }

    public static ScopeKey organisation(String orgId) {
        return new ScopeKey(BudgetScope.ORGANISATION, orgId, orgId);
    }

    /** Every scope a request for these ids is counted in; none without an organisation. */
    static List<ScopeKey> of(String orgId, String teamId, String userId, String projectId) {
        if (orgId == null) {
            return List.of();
        }
        List<ScopeKey> keys = new ArrayList<>(4);
        keys.add(organisation(orgId));
        if (teamId != null) {
            keys.add(new ScopeKey(BudgetScope.TEAM, orgId, teamId));
        }
        if (userId != null) {
            keys.add(new ScopeKey(BudgetScope.USER, orgId, userId));
        }
        if (projectId != null) {
            keys.add(new ScopeKey(BudgetScope.PROJECT, orgId, projectId));
        }
        return keys;
    }

    static List<ScopeKey> of(UsageRecord r) {
        return of(r.orgId(), r.teamId(), r.userId(), r.projectId());
    }

    boolean counts(UsageRecord r) {
        return of(r).contains(this);
    }

    /** Narrows {@code filter} to this scope; the organisation is named separately. */
    UsageFilter narrow(UsageFilter filter) {
        return switch (kind) {
            case ORGANISATION -> filter;
            case TEAM -> filter.withTeam(id);
            case USER -> filter.withUser(id);
            case PROJECT -> filter.withProject(id);
        };
    }

    /** As people read it: {@code team 'web'}. */
    String describe() {
        return kind.name().toLowerCase(Locale.ROOT) + " '" + StudioIds.printable(id) + "'";
    }
}
