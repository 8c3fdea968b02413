package io.coditect.studio.api.session;

import java.util.Set;

/**
 * Which sessions to list; null fields and an empty state set do not filter.
 *
 * @param teamId    only sessions of this team
 * @param userId    only sessions of this user
 * @param projectId only sessions on this project
 * @param states    only sessions in one of these states
 */
public record SessionFilter(String teamId, String userId, String projectId, Set<SessionState> states) {

    public static final SessionFilter ALL = new SessionFilter(null, null, null, Set.of());

    public SessionFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    public SessionFilter withTeam(String newTeamId) {
        return new SessionFilter(newTeamId, userId, projectId, states);
    }

    public SessionFilter withUser(String newUserId) {
        return new SessionFilter(teamId, newUserId, projectId, states);
    }

    public SessionFilter withProject(String newProjectId) {
        return new SessionFilter(teamId, userId, newProjectId, states);
    }

    public SessionFilter withStates(Set<SessionState> newStates) {
        return new SessionFilter(teamId, userId, projectId, newStates);
    }
}
