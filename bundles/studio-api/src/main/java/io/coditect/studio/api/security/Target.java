package io.coditect.studio.api.security;

/**
 * The object an operation acts on, as far as access depends on it.
 *
 * @param orgId   the organisation it belongs to
 * @param teamId  the team it belongs to (a project's team, a session's project's team, the team
 *                itself), or null for an object of the whole organisation
 * @param ownerId the user who owns it (a session's user, an API key's owner), or null
 */
public record Target(String orgId, String teamId, String ownerId) {

    public static Target organisation(String orgId) {
        return new Target(orgId, null, null);
    }

    public static Target team(String orgId, String teamId) {
        return new Target(orgId, teamId, null);
    }

    public static Target owned(String orgId, String teamId, String ownerId) {
        return new Target(orgId, teamId, ownerId);
    }
}
