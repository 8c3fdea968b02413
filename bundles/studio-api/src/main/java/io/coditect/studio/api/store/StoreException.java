package io.coditect.studio.api.store;

import java.util.Objects;

/**
 * A typed failure of a store. The message names the object and says what to do; it never contains a
 * secret. A store call that throws it has changed nothing.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The object, or an object it refers to, does not exist in that organisation. */
        NOT_FOUND,
        /**
         * The write clashes with existing data: a taken id, e-mail or key prefix, an object still in
         * use, a state that no longer allows the change, or a concurrent change (retrying may succeed).
         */
        CONFLICT,
        /** The input breaks a rule (format, length, range, a missing value); the message names the rule. */
        INVALID,
        /** The database cannot be reached or failed; nothing was changed. */
        UNAVAILABLE
    }

    private final Kind kind;

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public StoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public static StoreException notFound(String message) {
        return new StoreException(Kind.NOT_FOUND, message);
    }

    public static StoreException conflict(String message) {
        return new StoreException(Kind.CONFLICT, message);
    }

    public static StoreException invalid(String message) {
        return new StoreException(Kind.INVALID, message);
    }
}
