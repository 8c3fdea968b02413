package io.coditect.studio.api;

import java.util.Objects;

/**
 * The health of one component as reported to {@code /api/v1/health}.
 *
 * @param status  the overall state
 * @param message what an operator should know, or do, when the state is not {@link Status#UP}
 */
public record Health(Status status, String message) {

    public enum Status {
        /** Working. */
        UP,
        /** Working with reduced capability (for example a fallback in use). */
        DEGRADED,
        /** Not usable; {@link Health#message()} says why and what to do. */
        DOWN
    }

    public Health {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public static Health up() {
        return new Health(Status.UP, "");
    }

    public static Health up(String message) {
        return new Health(Status.UP, message);
    }

    public static Health degraded(String message) {
        return new Health(Status.DEGRADED, message);
    }

    public static Health down(String message) {
        return new Health(Status.DOWN, message);
    }

    public boolean isUp() {
        return status == Status.UP;
    }
}
