package io.coditect.studio.api.storage;

/**
 * Precondition of a write or delete, as with HTTP {@code If-Match} and {@code If-None-Match: *}.
 */
public sealed interface WriteCondition {

    /** Write whatever is there. */
    WriteCondition NONE = new None();

    /** Write only when no object exists yet. */
    WriteCondition ABSENT = new Absent();

    /** Write only when the current object has this ETag. */
    static WriteCondition ifMatch(String etag) {
        return new IfMatch(etag);
    }

    record None() implements WriteCondition {
    }

    record Absent() implements WriteCondition {
    }

    record IfMatch(String etag) implements WriteCondition {
        public IfMatch {
            if (etag == null || etag.isBlank()) {
                throw new IllegalArgumentException("ETag is empty");
            }
        }
    }

    /** True when an object with {@code currentEtag} (null when absent) satisfies the condition. */
    default boolean test(String currentEtag) {
        if (this instanceof Absent) {
            return currentEtag == null;
        }
        if (this instanceof IfMatch m) {
            return m.etag().equals(currentEtag);
        }
        return true;
    }

    /** The condition as shown in an error message. */
    default String describe() {
        if (this instanceof Absent) {
            return "no object";
        }
        if (this instanceof IfMatch m) {
            return m.etag();
        }
        return "any";
    }
}
