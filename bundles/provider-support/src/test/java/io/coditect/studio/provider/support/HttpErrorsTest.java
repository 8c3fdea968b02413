package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import org.junit.Test;

/** HttpErrors, RetryAfter and VendorError. */
public class HttpErrorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    private static HttpHeaders headers(String... namesAndValues) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    private static ProviderException map(int status, String body, String... headers) {
        return HttpErrors.fromResponse("p", status, headers(headers), body.getBytes(StandardCharsets.UTF_8), CLOCK);
    }

    @Test
    public void statusToKind() {
        VendorError none = new VendorError("", "");
        for (int s : new int[] { 400, 404, 409, 413, 422, 418 }) {
            assertEquals("status " + s, Kind.BAD_REQUEST, HttpErrors.kindOf(s, none));
        }
        for (int s : new int[] { 401, 402, 403 }) {
            assertEquals("status " + s, Kind.UNAUTHORIZED, HttpErrors.kindOf(s, none));
        }
        assertEquals(Kind.RATE_LIMITED, HttpErrors.kindOf(429, none));
        for (int s : new int[] { 408, 500, 502, 503, 504, 599, 302, 101 }) {
            assertEquals("status " + s, Kind.UNAVAILABLE, HttpErrors.kindOf(s, none));
        }
        assertEquals(Kind.OVERLOADED, HttpErrors.kindOf(529, none));
        assertEquals(Kind.OVERLOADED, HttpErrors.kindOf(503, new VendorError("", "The engine is currently overloaded")));
        assertEquals(Kind.OVERLOADED, HttpErrors.kindOf(500, new VendorError("overloaded_error", "")));
        assertEquals(Kind.RATE_LIMITED, HttpErrors.kindOf(429, new VendorError("overloaded_error", "")));
    }

    @Test
    public void aClassifierMayChangeTheKindButNotTheMessage() {
        byte[] body = "{\"error\":{\"type\":\"engine_overloaded_error\",\"message\":\"busy\"}}".getBytes(
                StandardCharsets.UTF_8);
        ProviderException e = HttpErrors.fromResponse("p", 429, headers("retry-after", "3"), body, CLOCK,
                (status, error, standard) -> error.type().equals("engine_overloaded_error") ? Kind.OVERLOADED : standard);
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
        assertEquals("p: HTTP 429 engine_overloaded_error: busy; retry after 3 s", e.getMessage());
        assertEquals(Kind.RATE_LIMITED, HttpErrors.fromResponse("p", 429, headers(), body, CLOCK,
                (status, error, standard) -> null).kind());
        assertEquals(Kind.RATE_LIMITED, HttpErrors.fromResponse("p", 429, headers(), body, CLOCK, null).kind());
    }

    @Test
    public void messageCarriesTheVendorsErrorAndRequestId() {
        ProviderException e = map(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"max_tokens: Field required\"},\"request_id\":\"req_1\"}", "request-id", "req_1");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("p", e.providerId());
        assertEquals("p: HTTP 400 invalid_request_error: max_tokens: Field required (request-id req_1)", e.getMessage());
        assertFalse(e.retryAfter().isPresent());
    }

    @Test
    public void vendorErrorShapes() {
        assertEquals(new VendorError("overloaded_error", "Overloaded"), VendorError.parse(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}".getBytes()));
        assertEquals(new VendorError("insufficient_quota", "You exceeded your current quota"), VendorError.parse(
                "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":null}}"
                        .getBytes()));
        assertEquals(new VendorError("RESOURCE_EXHAUSTED", "Quota exceeded"), VendorError.parse(
                "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}".getBytes()));
        assertEquals(new VendorError("", "model not found"), VendorError.parse("{\"error\":\"model not found\"}".getBytes()));
        assertEquals(new VendorError("", "nope"), VendorError.parse("{\"detail\":\"nope\"}".getBytes()));
        assertEquals(new VendorError("", "<html>Bad Gateway</html>"),
                VendorError.parse("<html>Bad Gateway</html>\n<body>…".getBytes(StandardCharsets.UTF_8)));
        assertEquals(new VendorError("", ""), VendorError.parse(new byte[0]));
        assertEquals(500 + 1, new VendorError("", "x".repeat(2000)).message().length());
        assertEquals("a\\u000ab", new VendorError("", "a\nb").message());
    }

    @Test
    public void emptyBodySaysSo() {
        assertEquals("p: HTTP 502 (no error message in the response)", map(502, "").getMessage());
    }

    @Test
    public void rateLimitedWithRetryAfterSeconds() {
        ProviderException e = map(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
                "retry-after", "17");
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(17)), e.retryAfter());
        assertTrue(e.getMessage(), e.getMessage().endsWith("rate_limit_error: slow down; retry after 17 s"));
    }

    @Test
    public void retryAfterForms() {
        assertEquals(Optional.of(Duration.ofSeconds(90)),
                RetryAfter.from(headers("retry-after", "Tue, 24 Nov 2026 10:01:30 GMT"), CLOCK));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.from(headers("retry-after", "Tue, 24 Nov 2026 09:00:00 GMT"), CLOCK));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.from(headers("retry-after", "1.5"), CLOCK));
        assertEquals(Optional.of(Duration.ofMillis(250)),
                RetryAfter.from(headers("retry-after-ms", "250", "retry-after", "1"), CLOCK));
        assertEquals(Optional.empty(), RetryAfter.from(headers("retry-after", "soon"), CLOCK));
        assertEquals(Optional.empty(), RetryAfter.from(headers(), CLOCK));
    }

    @Test
    public void anthropicResetHeadersPreferTheExhaustedLimit() {
        HttpHeaders h = headers("anthropic-ratelimit-requests-remaining", "12",
                "anthropic-ratelimit-requests-reset", "2026-11-24T10:00:50Z",
                "anthropic-ratelimit-tokens-remaining", "0",
                "anthropic-ratelimit-tokens-reset", "2026-11-24T10:00:20Z",
                "anthropic-ratelimit-input-tokens-reset", "garbage");
        assertEquals(Optional.of(Duration.ofSeconds(20)), RetryAfter.from(h, CLOCK));
        HttpHeaders none = headers("anthropic-ratelimit-requests-reset", "2026-11-24T10:00:05+00:00",
                "anthropic-ratelimit-tokens-reset", "2026-11-24T10:00:07Z");
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.from(none, CLOCK));
    }

    @Test
    public void openAiStyleResetHeaders() {
        assertEquals(Optional.of(Duration.ofSeconds(360)), RetryAfter.from(headers("x-ratelimit-reset-requests", "6m0s",
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-tokens", "1s"), CLOCK));
        assertEquals(Optional.of(Duration.ofMillis(3723500)), RetryAfter.goDuration("1h2m3.5s"));
        assertEquals(Optional.of(Duration.ofMillis(20)), RetryAfter.goDuration("20ms"));
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.goDuration("2"));
        assertEquals(Optional.empty(), RetryAfter.goDuration("2 minutes"));
        ProviderException e = map(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
                "x-ratelimit-reset-tokens", "1.5s");
        assertEquals(Optional.of(Duration.ofMillis(1500)), e.retryAfter());
        assertTrue(e.getMessage(), e.getMessage().endsWith("retry after 1.5 s"));
    }

    @Test
    public void overloadedStatusAndBodies() {
        ProviderException e = map(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals("p: HTTP 529 overloaded_error: Overloaded", e.getMessage());
        assertEquals(Kind.OVERLOADED, map(503, "{\"error\":{\"message\":\"The server is overloaded\"}}").kind());
        assertEquals(Kind.UNAVAILABLE, map(503, "{\"error\":{\"message\":\"maintenance\"}}").kind());
    }

    @Test
    public void clientExceptionsAreUnavailable() {
        ProviderException refused = HttpErrors.fromException("p", "POST http://127.0.0.1:1/v1/messages",
                new CompletionException(new ConnectException("Connection refused")));
        assertEquals(Kind.UNAVAILABLE, refused.kind());
        assertEquals("p: POST http://127.0.0.1:1/v1/messages could not connect (Connection refused)",
                refused.getMessage());
        assertTrue(HttpErrors.fromException("p", "x", new HttpConnectTimeoutException("HTTP connect timed out"))
                .getMessage().endsWith("could not connect within the connect timeout"));
        assertTrue(HttpErrors.fromException("p", "x", new HttpTimeoutException("request timed out")).getMessage()
                .endsWith("timed out"));
        ProviderException io = HttpErrors.fromException("p", "x", new IOException("closed"));
        assertEquals("p: x the connection failed (IOException: closed)", io.getMessage());
        assertEquals(Kind.UNAVAILABLE, HttpErrors.fromException("p", "x", new IllegalStateException()).kind());
        assertNull(HttpErrors.fromException("p", "x", new IOException()).retryAfter().orElse(null));
    }
}
