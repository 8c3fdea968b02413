package io.coditect.studio.api.session;

import java.time.Instant;

/**
 * A file or folder of a session's workspace.
 *
 * @param path       relative to the workspace root ({@code /home/dev}), '/'-separated, no leading
 *                   slash; empty for the root itself
 * @param directory  whether it is a folder
 * @param size       bytes (0 for folders)
 * @param modifiedAt last modification
 */
public record WorkspaceEntry(String path, boolean directory, long size, Instant modifiedAt) {
}
