package io.coditect.studio.api.sandbox;

/** Network access of a sandbox. */
public enum NetworkPolicy {
    /** No network at all, not even loopback to the host. The default. */
    NONE,
    /**
     * Outbound only, through the studio's egress filter: the spec mounts the filter's Unix socket
     * at {@link SandboxSpec#EGRESS_SOCKET}; the driver gives the sandbox no network of its own but
     * relays {@code 127.0.0.1:}{@link SandboxSpec#EGRESS_PROXY_PORT} inside it to that socket and
     * sets {@code HTTP_PROXY}/{@code HTTPS_PROXY} to it. Without that mount: no network at all.
     */
    FILTERED,
    /** The host's network. Only for trusted, single-user set-ups. */
    HOST
}
