package io.coditect.studio.git.internal;

import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.api.store.StoreException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Pushes a session branch to its organisation's remote. Called after the checkpoint is in storage, so
 * a failed push loses nothing: the checkpoint stays, the call fails with UNAVAILABLE, and the next
 * successful push carries every commit the remote missed.
 */
final class RemotePush {

    private static final int TIMEOUT_SECONDS = 60;

    private RemotePush() {
    }

    static void push(Repository repo, OrgRemote remote, HistoryRef ref, String branch, ObjectId commit) {
        String failure;
        Throwable cause = null;
        try {
            failure = rejection(Git.wrap(repo).push().setRemote(remote.urlFor(ref))
                    .setRefSpecs(new RefSpec(branch + ":" + branch)).setCredentialsProvider(remote.credentials())
                    .setTimeout(TIMEOUT_SECONDS).call(), branch);
        } catch (GitAPIException | JGitInternalException | IllegalArgumentException e) {
            failure = describe(e);
            cause = e;
        }
        if (failure == null) {
            return;
        }
        String message = "checkpoint " + commit.name() + " saved in storage but push to " + remote.shownUrlFor(ref)
                + " failed: " + remote.scrub(failure);
        // the cause travels only if nothing in it can carry the password
        boolean causeIsClean = cause == null || remote.scrub(describe(cause)).equals(describe(cause));
        throw new StoreException(StoreException.Kind.UNAVAILABLE, message, causeIsClean ? cause : null);
    }

    /** Null when the remote took the branch. */
    private static String rejection(Iterable<PushResult> results, String branch) {
        for (PushResult result : results) {
            RemoteRefUpdate u = result.getRemoteUpdate(branch);
            if (u == null) {
                return "the remote did not report on " + branch;
            }
            if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                return u.getStatus() + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")");
            }
        }
        return null;
    }

    /** Every message of the cause chain, joined. */
    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (b.length() > 0) {
                b.append(": ");
            }
            b.append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return b.toString();
    }
}
