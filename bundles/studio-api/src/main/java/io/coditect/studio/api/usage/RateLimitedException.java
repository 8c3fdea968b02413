package io.coditect.studio.api.usage;

import java.time.Duration;
import java.util.Objects;

/** A caller made more requests than its rate limit allows; the message names the limit. */
public class RateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long until the next request will be accepted. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
