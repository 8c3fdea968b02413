package io.coditect.studio.api.routing;

/**
 * Whom the tokens of a request are counted against, for usage records and budgets. Every part is
 * optional (null); usage with no scope at all is counted for the studio only.
 *
 * @param orgId     the organisation billed
 * @param teamId    the team
 * @param userId    the user the request runs for
 * @param projectId the project
 * @param sessionId the session
 */
public record UsageScope(String orgId, String teamId, String userId, String projectId, String sessionId) {

    public static final UsageScope NONE = new UsageScope(null, null, null, null, null);
}
