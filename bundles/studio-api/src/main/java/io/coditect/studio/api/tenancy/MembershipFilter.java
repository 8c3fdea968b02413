package io.coditect.studio.api.tenancy;

/**
 * Which memberships to list; null fields do not filter.
 *
 * @param userId only this user's roles
 * @param teamId only roles in this team
 * @param role   only this role
 */
public record MembershipFilter(String userId, String teamId, Role role) {

    public static final MembershipFilter ALL = new MembershipFilter(null, null, null);

    public MembershipFilter withUser(String newUserId) {
        return new MembershipFilter(newUserId, teamId, role);
    }

    public MembershipFilter withTeam(String newTeamId) {
        return new MembershipFilter(userId, newTeamId, role);
    }

    public MembershipFilter withRole(Role newRole) {
        return new MembershipFilter(userId, teamId, newRole);
    }
}
