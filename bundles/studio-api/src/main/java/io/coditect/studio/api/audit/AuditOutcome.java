package io.coditect.studio.api.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** It was done. */
    SUCCESS,
    /** It was attempted and failed, for example a wrong password. */
    FAILURE,
    /** It was refused by access control, for example a request for another organisation's object. */
    DENIED
}
