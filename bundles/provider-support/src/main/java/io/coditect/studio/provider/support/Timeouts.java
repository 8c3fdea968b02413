package io.coditect.studio.provider.support;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of one streaming call.
 *
 * @param connect   to open the TCP (and TLS) connection
 * @param firstByte from sending the request until the first byte of the response body; headers
 *                  alone do not count, since servers often send them before the model starts
 * @param idle      between two reads of the body once it started; any bytes count, also
 *                  keep-alive comments and ping events
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle) {

    /** 10 s to connect, 60 s to the first byte, 60 s between reads. */
    public static final Timeouts DEFAULT = ofSeconds(10, 60, 60);

    public Timeouts {
        connect = positive("connect timeout", connect);
        firstByte = positive("first-byte timeout", firstByte);
        idle = positive("idle timeout", idle);
    }

    public static Timeouts ofSeconds(long connect, long firstByte, long idle) {
        return new Timeouts(seconds("connect timeout", connect), seconds("first-byte timeout", firstByte),
                seconds("idle timeout", idle));
    }

    /** Renders a timeout for messages: {@code 60 s}, {@code 1500 ms}. */
    public static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static Duration seconds(String what, long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException(what + " must be a positive number of seconds, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static Duration positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
        return d;
    }
}
