package io.coditect.studio.api.security;

/** What an {@link AccessPolicy} decision is about. */
public enum Resource {
    ORGANISATION,
    TEAM,
    USER,
    MEMBERSHIP,
    PROJECT,
    SESSION,
    API_KEY,
    AUDIT,
    USAGE
}
