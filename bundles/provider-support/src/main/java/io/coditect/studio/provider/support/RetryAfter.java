package io.coditect.studio.provider.support;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a vendor asks to wait before the next request, from the response headers. In this order:
 * <ol>
 * <li>{@code retry-after-ms}: milliseconds (sent by Anthropic and OpenAI);</li>
 * <li>{@code retry-after}: delay-seconds or an HTTP-date (RFC 9110);</li>
 * <li>Anthropic's {@code anthropic-ratelimit-<limit>-reset} (RFC 3339 time) for the limits
 * {@code requests}, {@code tokens}, {@code input-tokens} and {@code output-tokens};</li>
 * <li>OpenAI-style {@code x-ratelimit-reset-<limit>} (a duration such as {@code 1s}, {@code 6m0s},
 * {@code 20ms}, or plain seconds) for {@code requests} and {@code tokens}.</li>
 * </ol>
 * For the reset headers of 3 and 4, limits whose {@code …-remaining} header is 0 are used when
 * there are any, else all; the latest reset wins. A time in the past gives zero.
 */
public final class RetryAfter {

    private static final List<String> ANTHROPIC_LIMITS = List.of("requests", "tokens", "input-tokens", "output-tokens");
    private static final List<String> X_RATELIMIT_LIMITS = List.of("requests", "tokens");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private RetryAfter() {
    }

    public static Optional<Duration> from(HttpHeaders headers, Clock clock) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            Optional<Duration> d = decimal(ms.get(), 1);
            if (d.isPresent()) {
                return d;
            }
        }
        Optional<String> retryAfter = headers.firstValue("retry-after");
        if (retryAfter.isPresent()) {
            Optional<Duration> d = parseRetryAfter(retryAfter.get(), clock);
            if (d.isPresent()) {
                return d;
            }
        }
        Optional<Duration> anthropic = latestReset(headers, ANTHROPIC_LIMITS, l -> "anthropic-ratelimit-" + l + "-reset",
                l -> "anthropic-ratelimit-" + l + "-remaining", v -> rfc3339(v, clock));
        if (anthropic.isPresent()) {
            return anthropic;
        }
        return latestReset(headers, X_RATELIMIT_LIMITS, l -> "x-ratelimit-reset-" + l, l -> "x-ratelimit-remaining-" + l,
                RetryAfter::goDuration);
    }

    /** A {@code retry-after} value: delay-seconds (also decimal) or an HTTP-date. */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.strip();
        Optional<Duration> seconds = decimal(v, 1000);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(nonNegative(Duration.between(clock.instant(), date.toInstant())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A duration as OpenAI writes it ({@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}, {@code 20ms}) or plain seconds. */
    public static Optional<Duration> goDuration(String value) {
        String v = value.strip();
        Optional<Duration> seconds = decimal(v, 1000);
        if (seconds.isPresent()) {
            return seconds;
        }
        Matcher m = GO_DURATION_PART.matcher(v);
        int end = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find() && m.start() == end) {
            end = m.end();
            BigDecimal n = new BigDecimal(m.group(1));
            long unit;
            switch (m.group(2)) {
                case "ns": unit = 1L; break;
                case "us": case "µs": unit = 1_000L; break;
                case "ms": unit = 1_000_000L; break;
                case "s": unit = 1_000_000_000L; break;
                case "m": unit = 60_000_000_000L; break;
                default: unit = 3_600_000_000_000L; break;
            }
            nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
        }
        if (end == 0 || end != v.length()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    private static Optional<Duration> rfc3339(String value, Clock clock) {
        try {
            Instant at = OffsetDateTime.parse(value.strip()).toInstant();
            return Optional.of(nonNegative(Duration.between(clock.instant(), at)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> latestReset(HttpHeaders headers, List<String> limits,
            java.util.function.UnaryOperator<String> resetName, java.util.function.UnaryOperator<String> remainingName,
            java.util.function.Function<String, Optional<Duration>> parse) {
        Duration exhausted = null;
        Duration any = null;
        for (String limit : limits) {
            Optional<Duration> reset = headers.firstValue(resetName.apply(limit)).flatMap(parse);
            if (reset.isEmpty()) {
                continue;
            }
            any = max(any, reset.get());
            if (headers.firstValue(remainingName.apply(limit)).map(String::strip).filter("0"::equals).isPresent()) {
                exhausted = max(exhausted, reset.get());
            }
        }
        return Optional.ofNullable(exhausted != null ? exhausted : any);
    }

    private static Duration max(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }

    /** A non-negative decimal number of units ({@code unitMillis} ms each), else empty. */
    private static Optional<Duration> decimal(String value, long unitMillis) {
        String v = value.strip();
        if (!v.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            return Optional.empty();
        }
        BigDecimal millis = new BigDecimal(v).multiply(BigDecimal.valueOf(unitMillis));
        return Optional.of(Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000L)).longValue()));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
