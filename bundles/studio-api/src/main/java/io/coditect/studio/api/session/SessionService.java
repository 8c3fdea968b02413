package io.coditect.studio.api.session;

import java.io.InputStream;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sessions as callers use them: each open session owns a sandbox. Tenant and role checks as in
 * {@link io.coditect.studio.api.tenancy.TenancyService} (another organisation is "not found";
 * SDD §5.2: Developers open sessions in their team's projects, everybody reads, only the owner
 * runs commands and stops, Team Admins stop any).
 */
@ProviderType
public interface SessionService {

    /**
     * Records a session for a project of the caller's organisation and starts its sandbox with the
     * configured driver. {@code StoreException} {@code UNAVAILABLE} when no sandbox driver can
     * create one (the message says why); the session is then recorded as FAILED.
     */
    SessionRecord open(Caller caller, String orgId, String projectId, SessionKind kind, String title);

    /**
     * Opens a {@link SessionKind#BATCH} session that runs {@code task} and ends with it: its output
     * goes to {@code {org}/sessions/{session}/logs/task.log} in storage, the workspace is written
     * back, and the session ends STOPPED when the task exits 0, FAILED otherwise. Returns once the
     * task has started.
     */
    SessionRecord runTask(Caller caller, String orgId, String projectId, ExecRequest task, String title);

    /** The output of a batch session's task so far (or all of it once it ended). */
    InputStream taskLog(Caller caller, String orgId, String sessionId);

    SessionRecord session(Caller caller, String orgId, String sessionId);

    Page<SessionRecord> list(Caller caller, String orgId, SessionFilter filter, PageRequest page);

    /**
     * Starts a new sandbox for a session whose sandbox was stopped, recycled or lost (a STOPPED or
     * FAILED interactive or persistent session, or a RUNNING one without a sandbox on this node):
     * its workspace comes back from the last write-back, and its id, conversation and checkpoints
     * stay. Only the owner (or Team Admins). Returns the running session; a running session with its
     * sandbox is returned as it is. {@code CONFLICT} for a batch session.
     */
    SessionRecord resume(Caller caller, String orgId, String sessionId);

    /** Stops the sandbox (running commands are killed); the record stays, STOPPED. */
    SessionRecord stop(Caller caller, String orgId, String sessionId);

    /**
     * Runs a command in the session's sandbox, streaming its output to {@code listener}.
     * {@code CONFLICT} when the session is not running.
     */
    ExecHandle exec(Caller caller, String orgId, String sessionId, ExecRequest request, ExecListener listener);

    /**
     * Lists a folder of the session's workspace ({@code /home/dev}; the project is its folder
     * {@code project}). {@code INVALID} for a path that leaves the workspace, {@code NOT_FOUND} when
     * absent, {@code CONFLICT} when the session's sandbox is gone.
     *
     * @param path      folder relative to the workspace root; empty or null for the root
     * @param recursive whether to list the whole tree below it
     * @param limit     most entries returned (1 to 100,000)
     */
    WorkspaceListing files(Caller caller, String orgId, String sessionId, String path, boolean recursive, int limit);

    /** Opens a workspace file for reading; the caller closes the stream. */
    InputStream readFile(Caller caller, String orgId, String sessionId, String path);

    /**
     * Writes a workspace file whole (the previous content stays if writing fails), creating its
     * folders. Only the owner (or Team Admins), as for {@link #exec}.
     */
    WorkspaceEntry writeFile(Caller caller, String orgId, String sessionId, String path, InputStream content);

    /** Deletes a workspace file or an empty folder; false when there was nothing. */
    boolean deleteFile(Caller caller, String orgId, String sessionId, String path);

    /**
     * Commits the session's project and writes its workspace back to storage.
     *
     * @param message    the commit message (the user's text or the agent turn)
     * @param allowEmpty whether to record a checkpoint when nothing changed
     * @return the checkpoint, or null when nothing changed and {@code allowEmpty} is false
     */
    CheckpointRecord checkpoint(Caller caller, String orgId, String sessionId, String message, boolean allowEmpty);

    /** Makes the session's project the tree of a checkpoint of the same project; returns that checkpoint. */
    CheckpointRecord restore(Caller caller, String orgId, String sessionId, String checkpointId);

    /** Checkpoints of a session, newest first. */
    Page<CheckpointRecord> checkpoints(Caller caller, String orgId, String sessionId, PageRequest page);

    /** Checkpoints of every session of a project, newest first. */
    Page<CheckpointRecord> projectCheckpoints(Caller caller, String orgId, String projectId, PageRequest page);

    /** A checkpoint with its changed files. */
    Commit checkpointCommit(Caller caller, String orgId, String checkpointId);

    /** Unified diff of a checkpoint against the one before it (at most 1 MB). */
    String checkpointDiff(Caller caller, String orgId, String checkpointId);

    /** The warm sandbox pools (no caller check: it holds no tenant data). */
    java.util.List<SandboxPoolStatus> pools();
}
