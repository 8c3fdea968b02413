package io.coditect.studio.api.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed provider failure, so the router can decide between retry, fallback and giving up.
 */
public class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** 429: try later, honour {@link #retryAfter()}. */
        RATE_LIMITED(true),
        /** 529/503: the vendor is overloaded; another provider may answer. */
        OVERLOADED(true),
        /** 401/403: the key is wrong; retrying will not help. */
        UNAUTHORIZED(false),
        /** 400/404/422: the request itself is wrong. */
        BAD_REQUEST(false),
        /** Network failure, 5xx, or no answer in time. */
        UNAVAILABLE(true),
        /** The stream broke after the first token; the partial answer cannot be resumed. */
        CUT_MID_STREAM(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String providerId;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String providerId, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.providerId = providerId;
        this.retryAfter = retryAfter;
    }

    public ProviderException(Kind kind, String providerId, String message) {
        this(kind, providerId, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public String providerId() {
        return providerId;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
