package io.coditect.studio.api.security;

/** How a caller proved who they are. */
public enum Credential {
    /** A session token issued after a password login. */
    PASSWORD,
    /** A session token issued after single sign-on. */
    SSO,
    /** An API key of a service account or user. */
    API_KEY,
    /** The studio itself, for example the Karaf shell or a first-boot task. */
    SYSTEM
}
