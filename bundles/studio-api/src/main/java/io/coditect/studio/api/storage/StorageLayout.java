package io.coditect.studio.api.storage;

import io.coditect.studio.api.StudioIds;

/**
 * Keys of the studio's storage layout (SDD §3.4):
 *
 * <pre>
 * {org}/teams/{team}/users/{user}/home/...
 * {org}/teams/{team}/users/{user}/projects/{project}/
 * {org}/teams/{team}/users/{user}/history/{project}/   (bare git repository of the project)
 * {org}/teams/{team}/shared/{templates,assets}/
 * {org}/sessions/{session}/{checkpoints,logs}/
 * {org}/system/cache/
 * </pre>
 * Every id is checked with {@link StudioIds}.
 */
public final class StorageLayout {

    private StorageLayout() {
    }

    public static StoragePath team(String org, String team) {
        return StoragePath.of(org, "teams", StudioIds.require("team", team));
    }

    public static StoragePath userHome(String org, String team, String user) {
        return team(org, team).child("users").child(StudioIds.require("user", user)).child("home");
    }

    public static StoragePath project(String org, String team, String user, String project) {
        return team(org, team).child("users").child(StudioIds.require("user", user)).child("projects")
                .child(StudioIds.require("project", project));
    }

    /** The bare git repository holding the project's checkpoints. */
    public static StoragePath projectHistory(String org, String team, String user, String project) {
        return team(org, team).child("users").child(StudioIds.require("user", user)).child("history")
                .child(StudioIds.require("project", project));
    }

    public static StoragePath teamTemplates(String org, String team) {
        return team(org, team).child("shared").child("templates");
    }

    public static StoragePath teamAssets(String org, String team) {
        return team(org, team).child("shared").child("assets");
    }

    public static StoragePath sessionCheckpoints(String org, String session) {
        return StoragePath.of(org, "sessions", StudioIds.require("session", session), "checkpoints");
    }

    public static StoragePath sessionLogs(String org, String session) {
        return StoragePath.of(org, "sessions", StudioIds.require("session", session), "logs");
    }

    public static StoragePath systemCache(String org) {
        return StoragePath.of(org, "system", "cache");
    }
}
