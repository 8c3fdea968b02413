package io.coditect.studio.api.session;

/** The sandbox types of SDD §3.3. */
public enum SessionKind {
    /** Live coding and chat; ends after 30 idle minutes. */
    INTERACTIVE,
    /** A background job or build; ends when the task completes. */
    BATCH,
    /** A long-running service; at most 24 hours. */
    PERSISTENT
}
