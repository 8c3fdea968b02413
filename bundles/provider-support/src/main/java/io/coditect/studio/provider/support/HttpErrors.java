package io.coditect.studio.provider.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLException;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;

/**
 * Maps HTTP failures to {@link ProviderException} kinds, the same way for every vendor.
 *
 * <table>
 * <caption>Status to kind</caption>
 * <tr><td>400, 404, 409, 413, 422, other 4xx</td><td>BAD_REQUEST</td></tr>
 * <tr><td>401, 403, 402 (billing)</td><td>UNAUTHORIZED</td></tr>
 * <tr><td>429</td><td>RATE_LIMITED, with {@link RetryAfter} from the headers</td></tr>
 * <tr><td>408, 500, 502, 503, 504, other 5xx, 1xx/3xx</td><td>UNAVAILABLE</td></tr>
 * <tr><td>529, and any 5xx whose body says "overloaded"</td><td>OVERLOADED</td></tr>
 * </table>
 *
 * The message is {@code <provider>: HTTP <status> <vendor type>: <vendor message> (request-id …)}
 * plus {@code ; retry after …} when the headers give a delay (which is attached to every kind, not
 * only RATE_LIMITED). It never contains request headers; response headers are only read for the
 * request id and the delay.
 */
public final class HttpErrors {

    /** Response headers that carry the vendor's request id, tried in order. */
    private static final List<String> REQUEST_ID_HEADERS = List.of("request-id", "x-request-id");

    private HttpErrors() {
    }

    /** The kind for an HTTP status and the vendor's error body. */
    public static Kind kindOf(int status, VendorError error) {
        if (status == 529) {
            return Kind.OVERLOADED;
        }
        if (status >= 500 && status <= 599) {
            return error.overloaded() ? Kind.OVERLOADED : Kind.UNAVAILABLE;
        }
        switch (status) {
            case 401: case 402: case 403:
                return Kind.UNAUTHORIZED;
            case 408:
                return Kind.UNAVAILABLE;
            case 429:
                return Kind.RATE_LIMITED;
            default:
                return status >= 400 && status <= 499 ? Kind.BAD_REQUEST : Kind.UNAVAILABLE;
        }
    }

    /**
     * Decides the kind of an HTTP error response where the status alone is not enough (see
     * {@link SseEventHandler#httpErrorKind}).
     */
    @FunctionalInterface
    public interface Classifier {

        /** The kind to report; {@code standard} is what {@link HttpErrors#kindOf} gives. */
        Kind kindOf(int status, VendorError error, Kind standard);
    }

    /** The failure for a response with a status outside 2xx and its (possibly partial) body. */
    public static ProviderException fromResponse(String providerId, int status, HttpHeaders headers, byte[] body,
            Clock clock) {
        return fromResponse(providerId, status, headers, body, clock, (s, e, standard) -> standard);
    }

    /**
     * As {@link #fromResponse(String, int, HttpHeaders, byte[], Clock)}, with the kind decided by
     * {@code classifier} (given the standard kind); a null result keeps the standard kind.
     */
    public static ProviderException fromResponse(String providerId, int status, HttpHeaders headers, byte[] body,
            Clock clock, Classifier classifier) {
        VendorError error = VendorError.parse(body);
        Kind standard = kindOf(status, error);
        Kind chosen = classifier == null ? null : classifier.kindOf(status, error, standard);
        Kind kind = chosen == null ? standard : chosen;
        Optional<Duration> retryAfter = RetryAfter.from(headers, clock);
        StringBuilder message = new StringBuilder(providerId).append(": HTTP ").append(status);
        String vendor = error.describe();
        message.append(vendor.isEmpty() ? " (no error message in the response)" : " " + vendor);
        requestId(headers).ifPresent(id -> message.append(" (request-id ").append(id).append(')'));
        retryAfter.ifPresent(d -> message.append("; retry after ").append(describe(d)));
        return new ProviderException(kind, providerId, message.toString(), retryAfter.orElse(null), null);
    }

    /**
     * The failure for an exception of the HTTP client: connection refused, unknown host, TLS
     * failure, connect timeout or a broken connection, all UNAVAILABLE.
     *
     * @param context what was going on, for example {@code POST https://api.example.com/v1/messages}
     */
    public static ProviderException fromException(String providerId, String context, Throwable failure) {
        Throwable t = unwrap(failure);
        String what;
        if (t instanceof HttpConnectTimeoutException) {
            what = "could not connect within the connect timeout";
        } else if (t instanceof HttpTimeoutException) {
            what = "timed out";
        } else if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                || t instanceof UnknownHostException) {
            what = "could not connect (" + connectProblem(t) + ")";
        } else if (t instanceof SSLException) {
            what = "TLS failed (" + describe(t) + ")";
        } else if (t instanceof IOException) {
            what = "the connection failed (" + describe(t) + ")";
        } else {
            what = "failed (" + describe(t) + ")";
        }
        return new ProviderException(Kind.UNAVAILABLE, providerId, providerId + ": " + context + " " + what, null, t);
    }

    /** The vendor's request id from the response headers, cleaned for messages. */
    public static Optional<String> requestId(HttpHeaders headers) {
        for (String name : REQUEST_ID_HEADERS) {
            Optional<String> v = headers.firstValue(name).map(String::strip).filter(s -> !s.isEmpty());
            if (v.isPresent()) {
                return Optional.of(Texts.printable(v.get(), 100));
            }
        }
        return Optional.empty();
    }

    /** {@code 30 s}, {@code 1.5 s}, {@code 200 ms}. */
    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        String name = t.getClass().getSimpleName();
        return m == null || m.isBlank() ? name : name + ": " + Texts.printable(m, 200);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The JDK client reports a refused connection as a ConnectException without message. */
    private static String connectProblem(Throwable t) {
        Throwable cause = t.getCause();
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
            return "unknown host";
        }
        if (t.getMessage() != null && !t.getMessage().isBlank()) {
            return Texts.printable(t.getMessage(), 200);
        }
        return cause instanceof ClosedChannelException ? "connection refused" : describe(cause == null ? t : cause);
    }
}
