package io.coditect.studio.core.internal.session;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageLayout;
import io.coditect.studio.core.internal.workspace.SyncReport;
import io.coditect.studio.core.internal.workspace.WorkspaceFiles;
import io.coditect.studio.core.internal.workspace.WorkspaceSync;

/**
 * The {@code /home/dev} of one session: the user's home from storage, with the project in its
 * folder {@value #PROJECT}. Each part is written back to its own place in storage.
 */
final class SessionWorkspace {

    /** The project's folder inside the workspace. */
    static final String PROJECT = "project";

    private final StorageBackend storage;
    private final WorkspaceFiles files;
    private final WorkspaceSync home;
    private final WorkspaceSync project;

    SessionWorkspace(StorageBackend storage, SessionRecord s, Path root, ExecutorService io) {
        this.storage = storage;
        this.files = new WorkspaceFiles(root);
        this.home = new WorkspaceSync(storage, StorageLayout.userHome(s.orgId(), s.teamId(), s.userId()), root,
                rel -> rel.equals(PROJECT) || rel.startsWith(PROJECT + "/"), io);
        this.project = new WorkspaceSync(storage,
                StorageLayout.project(s.orgId(), s.teamId(), s.userId(), s.projectId()), root.resolve(PROJECT),
                rel -> false, io);
    }

    StorageBackend storage() {
        return storage;
    }

    WorkspaceFiles files() {
        return files;
    }

    Path projectDir() {
        return files.root().resolve(PROJECT);
    }

    /** Loads home and project from storage. */
    String materialise() {
        SyncReport h = home.download();
        SyncReport p = project.download();
        return "home " + h + "; project " + p;
    }

    /** Writes home and project back to storage. */
    String writeBack() {
        SyncReport p = project.upload();
        SyncReport h = home.upload();
        return "home " + h + "; project " + p;
    }
}
