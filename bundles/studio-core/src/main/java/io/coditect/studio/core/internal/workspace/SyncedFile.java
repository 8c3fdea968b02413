package io.coditect.studio.core.internal.workspace;

/** What a workspace file looked like when it last matched its stored object. */
record SyncedFile(long size, long modifiedMillis) {
}
