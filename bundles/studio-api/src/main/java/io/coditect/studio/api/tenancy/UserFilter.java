package io.coditect.studio.api.tenancy;

/**
 * Which users to list; null fields do not filter.
 *
 * @param text     case-insensitive part of the id, e-mail or display name
 * @param teamId   only users holding a role in this team
 * @param disabled only disabled ({@code true}) or only enabled ({@code false}) users
 */
public record UserFilter(String text, String teamId, Boolean disabled) {

    public static final UserFilter ALL = new UserFilter(null, null, null);

    public UserFilter withText(String newText) {
        return new UserFilter(newText, teamId, disabled);
    }

    public UserFilter withTeam(String newTeamId) {
        return new UserFilter(text, newTeamId, disabled);
    }

    public UserFilter withDisabled(Boolean newDisabled) {
        return new UserFilter(text, teamId, newDisabled);
    }
}
