package io.coditect.studio.api.tenancy;

import java.time.Instant;

/**
 * A role a user holds in an organisation ({@code teamId} null) or in one of its teams. A user holds
 * at most one role per organisation and one per team; granting another replaces it.
 *
 * @param orgId     the organisation
 * @param userId    a user of that organisation
 * @param teamId    the team, or null for a role of the whole organisation
 * @param role      the role; its {@link Role#scope()} matches whether a team is given
 * @param grantedAt when this role was granted (set by the store)
 */
public record Membership(String orgId, String userId, String teamId, Role role, Instant grantedAt) {

    public boolean isOrganisationWide() {
        return teamId == null;
    }
}
