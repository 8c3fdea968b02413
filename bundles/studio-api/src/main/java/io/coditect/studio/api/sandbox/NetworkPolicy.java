package io.coditect.studio.api.sandbox;

/** Network access of a sandbox. */
public enum NetworkPolicy {
    /** No network at all, not even loopback to the host. The default. */
    NONE,
    /** Outbound only, through the studio's egress filter. */
    FILTERED,
    /** The host's network. Only for trusted, single-user set-ups. */
    HOST
}
