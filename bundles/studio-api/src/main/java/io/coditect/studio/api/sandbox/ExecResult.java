package io.coditect.studio.api.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a command ended.
 *
 * @param exitCode    the exit code, or 128 + signal when killed
 * @param termination why it ended
 * @param duration    wall-clock time from start to end
 * @param message     a sentence for people, for example "killed: memory limit of 64 MiB exceeded"
 */
public record ExecResult(int exitCode, Termination termination, Duration duration, String message) {

    public enum Termination {
        /** The command exited by itself. */
        EXITED,
        /** Killed by a signal it did not expect. */
        KILLED,
        /** Killed because it exceeded its memory limit. */
        OUT_OF_MEMORY,
        /** Killed after {@link ExecRequest#timeout()}. */
        TIMED_OUT,
        /** Killed by {@link ExecHandle#cancel()}. */
        CANCELLED
    }

    public ExecResult {
        Objects.requireNonNull(termination, "termination");
        Objects.requireNonNull(duration, "duration");
        message = message == null ? "" : message;
    }

    public boolean succeeded() {
        return termination == Termination.EXITED && exitCode == 0;
    }
}
