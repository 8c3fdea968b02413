package io.coditect.studio.api.sandbox;

import java.util.Objects;

/** A typed sandbox failure. */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The host lacks what the driver needs; the message says what to install. */
        UNAVAILABLE,
        /** The spec or request cannot be honoured. */
        INVALID_SPEC,
        /** The sandbox is stopped. */
        STOPPED,
        /** Any other failure. */
        FAILED
    }

    private final Kind kind;

    public SandboxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public SandboxException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
