package io.coditect.studio.api.storage;

import java.util.Objects;

/** A typed storage failure. */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No object under that key. */
        NOT_FOUND,
        /** A conditional write or delete did not match the current ETag. */
        PRECONDITION_FAILED,
        /**
         * The key cannot hold an object because of another key, for example {@code a/b} when
         * {@code a} is an object on a backend with folder semantics.
         */
        CONFLICT,
        /** The backend cannot be reached or refused the credentials. */
        UNAVAILABLE,
        /** Any other I/O failure. */
        IO
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public StorageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public static StorageException notFound(StoragePath path) {
        return new StorageException(Kind.NOT_FOUND, "no object at '" + path + "'");
    }

    public static StorageException preconditionFailed(StoragePath path, String expected, String actual) {
        return new StorageException(Kind.PRECONDITION_FAILED, "object at '" + path + "' has ETag "
                + (actual == null ? "(none: it does not exist)" : actual) + ", the write expected " + expected);
    }
}
