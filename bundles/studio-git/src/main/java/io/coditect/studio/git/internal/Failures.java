package io.coditect.studio.git.internal;

import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.store.StoreException.Kind;

/** The {@link StoreException}s of this bundle, with messages a person can act on. */
final class Failures {

    private Failures() {
    }

    static StoreException invalid(String message) {
        return new StoreException(Kind.INVALID, message);
    }

    static StoreException notInHistory(String commitId, HistoryRef ref) {
        return invalid("checkpoint commit " + commitId + " is not in the history of project " + ref.projectId()
                + "; pick a checkpoint of this project (see its log)");
    }

    static StoreException unavailable(String message, Throwable cause) {
        return new StoreException(Kind.UNAVAILABLE, message, cause);
    }

    /** Storage or the local cache failed while working on the project's history. */
    static StoreException historyUnavailable(HistoryRef ref, String doing, Throwable cause) {
        return unavailable("the history of project " + ref.projectId() + " could not be " + doing + ": "
                + cause.getMessage(), cause);
    }
}
