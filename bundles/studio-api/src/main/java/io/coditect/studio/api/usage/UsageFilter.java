package io.coditect.studio.api.usage;

import java.time.Instant;

/**
 * Which usage records to count or list; null fields do not filter.
 *
 * @param from      from this instant on (inclusive)
 * @param to        before this instant (exclusive)
 * @param teamId    only this team
 * @param userId    only this user
 * @param projectId only this project
 * @param provider  only this provider
 * @param model     only this model
 */
public record UsageFilter(Instant from, Instant to, String teamId, String userId, String projectId, String provider,
        String model) {

    public static final UsageFilter ALL = new UsageFilter(null, null, null, null, null, null, null);

    /** Everything in {@code [from, to)}. */
    public static UsageFilter between(Instant from, Instant to) {
        return new UsageFilter(from, to, null, null, null, null, null);
    }

    public UsageFilter withTeam(String newTeamId) {
        return new UsageFilter(from, to, newTeamId, userId, projectId, provider, model);
    }

    public UsageFilter withUser(String newUserId) {
        return new UsageFilter(from, to, teamId, newUserId, projectId, provider, model);
    }

    public UsageFilter withProject(String newProjectId) {
        return new UsageFilter(from, to, teamId, userId, newProjectId, provider, model);
    }

    public UsageFilter withProvider(String newProvider) {
        return new UsageFilter(from, to, teamId, userId, projectId, newProvider, model);
    }

    public UsageFilter withModel(String newModel) {
        return new UsageFilter(from, to, teamId, userId, projectId, provider, newModel);
    }
}
