package io.coditect.studio.api.tenancy;

/**
 * Which projects to list; null fields do not filter.
 *
 * @param teamId only projects of this team
 * @param text   case-insensitive part of the id or name
 */
public record ProjectFilter(String teamId, String text) {

    public static final ProjectFilter ALL = new ProjectFilter(null, null);

    public ProjectFilter withTeam(String newTeamId) {
        return new ProjectFilter(newTeamId, text);
    }

    public ProjectFilter withText(String newText) {
        return new ProjectFilter(teamId, newText);
    }
}
