package io.coditect.studio.api.session;

import java.util.List;

/**
 * The files below a folder of a workspace, in path order.
 *
 * @param path      the folder listed
 * @param entries   files and folders below it
 * @param truncated whether entries were left out because the listing hit its limit
 */
public record WorkspaceListing(String path, List<WorkspaceEntry> entries, boolean truncated) {

    public WorkspaceListing {
        entries = List.copyOf(entries);
    }
}
