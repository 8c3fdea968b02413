package io.coditect.studio.api.session;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.storage.StorageLayout;
import io.coditect.studio.api.storage.StoragePath;

/**
 * Which project history a working tree belongs to, and which session writes to it. Every id is
 * checked with {@link StudioIds}.
 *
 * @param orgId     the organisation
 * @param teamId    the team owning the project
 * @param userId    the user whose copy of the project it is (SDD §3.4 keeps projects per user)
 * @param projectId the project
 * @param sessionId the session committing; its checkpoints go on the branch
 *                  {@code sessions/<sessionId>}
 */
public record HistoryRef(String orgId, String teamId, String userId, String projectId, String sessionId) {

    public HistoryRef {
        StudioIds.require("organisation", orgId);
        StudioIds.require("team", teamId);
        StudioIds.require("user", userId);
        StudioIds.require("project", projectId);
        StudioIds.require("session", sessionId);
    }

    /** The branch the session's checkpoints are committed on. */
    public String branch() {
        return "sessions/" + sessionId;
    }

    /** Where the project's bare backup repository lives in the storage backend. */
    public StoragePath storagePrefix() {
        return StorageLayout.projectHistory(orgId, teamId, userId, projectId);
    }
}
