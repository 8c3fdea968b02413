package io.coditect.studio.api.session;

/** Where a session is in its life. {@link #STOPPED} and {@link #FAILED} are final. */
public enum SessionState {
    /** The sandbox is being created and its files materialised. */
    STARTING,
    /** The sandbox is up. */
    RUNNING,
    /** Up, but nobody has used it for a while. */
    IDLE,
    /** Ended normally. */
    STOPPED,
    /** Ended by an error. */
    FAILED;

    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}
