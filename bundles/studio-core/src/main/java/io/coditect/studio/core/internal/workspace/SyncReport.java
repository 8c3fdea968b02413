package io.coditect.studio.core.internal.workspace;

import java.util.List;

/**
 * What one transfer between storage and a workspace did.
 *
 * @param transferred files downloaded or uploaded
 * @param deleted     stored objects deleted because their file was removed
 * @param unchanged   files left alone
 * @param bytes       bytes moved
 * @param skipped     paths that cannot be stored (names storage refuses, links), with the reason
 */
public record SyncReport(int transferred, int deleted, int unchanged, long bytes, List<String> skipped) {

    public SyncReport {
        skipped = List.copyOf(skipped);
    }

    @Override
    public String toString() {
        return transferred + " transferred (" + bytes + " bytes), " + deleted + " deleted, " + unchanged
                + " unchanged" + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped");
    }
}
