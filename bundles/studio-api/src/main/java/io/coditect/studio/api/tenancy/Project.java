package io.coditect.studio.api.tenancy;

import java.time.Instant;

/**
 * A project of a team.
 *
 * @param orgId       the organisation
 * @param id          slug, unique within the organisation
 * @param teamId      the team that owns it
 * @param name        name shown to people
 * @param description free text, may be null
 * @param createdBy   id of the user who created it, may be null
 * @param createdAt   set by the store
 */
public record Project(String orgId, String id, String teamId, String name, String description, String createdBy,
        Instant createdAt) {

    /** A project to create; the store sets the creation time. */
    public static Project of(String orgId, String id, String teamId, String name) {
        return new Project(orgId, id, teamId, name, null, null, null);
    }

    public Project withName(String newName) {
        return new Project(orgId, id, teamId, newName, description, createdBy, createdAt);
    }

    public Project withDescription(String newDescription) {
        return new Project(orgId, id, teamId, name, newDescription, createdBy, createdAt);
    }

    public Project withTeam(String newTeamId) {
        return new Project(orgId, id, newTeamId, name, description, createdBy, createdAt);
    }

    public Project withCreatedBy(String userId) {
        return new Project(orgId, id, teamId, name, description, userId, createdAt);
    }
}
