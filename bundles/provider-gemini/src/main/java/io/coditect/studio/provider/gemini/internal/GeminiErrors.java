package io.coditect.studio.provider.gemini.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.provider.support.HttpErrors;
import io.coditect.studio.provider.support.Json;
import io.coditect.studio.provider.support.Timeouts;
import io.coditect.studio.provider.support.VendorError;

/**
 * Gemini's error bodies, the Google API error model:
 *
 * <pre>
 * {"error": {"code": 429, "message": "…", "status": "RESOURCE_EXHAUSTED",
 *            "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"},
 *                        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", …}]}}
 * </pre>
 *
 * {@code provider-support} maps HTTP statuses and reads the type and message; what it cannot know
 * is Gemini-specific and handled here: the retry delay of a {@code RetryInfo} detail, the key
 * rejection that Gemini answers with 400 {@code INVALID_ARGUMENT} (reason {@code API_KEY_INVALID}),
 * and the {@code error} objects that can arrive inside a 200 stream.
 */
final class GeminiErrors {

    static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

    /** A protobuf Duration in JSON: seconds with up to 9 decimals and an {@code s}. */
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d{1,12})(\\.\\d{1,9})?s");

    private GeminiErrors() {
    }

    /** The {@code retryDelay} of the {@code RetryInfo} detail of an {@code error} object. */
    static Optional<Duration> retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (RETRY_INFO.equals(Json.text(detail, "@type", ""))) {
                Matcher m = PROTO_DURATION.matcher(Json.text(detail, "retryDelay", "").strip());
                if (m.matches()) {
                    BigDecimal seconds = new BigDecimal(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
                    return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether an {@code error} object says the API key was refused ({@code ErrorInfo} reason {@code API_KEY_…}). */
    static boolean keyRejected(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (ERROR_INFO.equals(Json.text(detail, "@type", ""))
                    && Json.text(detail, "reason", "").startsWith("API_KEY_")) {
                return true;
            }
        }
        return false;
    }

    /** The HTTP status that goes with a Google API status name, for errors that come without a code. */
    static int httpStatus(String status) {
        switch (status) {
            case "INVALID_ARGUMENT": case "FAILED_PRECONDITION": case "OUT_OF_RANGE":
                return 400;
            case "UNAUTHENTICATED":
                return 401;
            case "PERMISSION_DENIED":
                return 403;
            case "NOT_FOUND":
                return 404;
            case "RESOURCE_EXHAUSTED":
                return 429;
            case "UNAVAILABLE":
                return 503;
            case "DEADLINE_EXCEEDED":
                return 504;
            default: // INTERNAL, UNKNOWN, …
                return 500;
        }
    }

    /**
     * The failure for an {@code {"error": …}} object inside a 200 stream: the kind from its code
     * (or status) as for an HTTP response, UNAUTHORIZED for a rejected key, and its retry delay.
     */
    static ProviderException streamError(String providerId, JsonNode node) {
        JsonNode error = node.path("error");
        VendorError vendor = VendorError.of(node);
        int code = error.path("code").isInt() ? error.path("code").asInt() : httpStatus(Json.text(error, "status", ""));
        Kind kind = keyRejected(error) ? Kind.UNAUTHORIZED : HttpErrors.kindOf(code, vendor);
        Optional<Duration> delay = retryDelay(error);
        String message = providerId + ": stream error " + code + " "
                + (vendor.describe().isEmpty() ? "(no error message)" : vendor.describe())
                + delay.map(d -> "; retry after " + Timeouts.describe(d)).orElse("");
        return new ProviderException(kind, providerId, message, delay.orElse(null), null);
    }

    /** An error response as provider-support should see it; see {@link #adapt}. */
    record Adapted(HttpResponse.ResponseInfo info, byte[] body) {
    }

    /**
     * Adapts an error response (status outside 2xx) before provider-support maps it:
     * <ul>
     * <li>a body that is a one-element JSON array (Gemini's JSON-array stream framing) is unwrapped;</li>
     * <li>the {@code RetryInfo} delay becomes a {@code retry-after-ms} header, unless the response
     * already has {@code retry-after} or {@code retry-after-ms};</li>
     * <li>400 with an {@code API_KEY_…} reason is presented as 401, so that it counts as
     * UNAUTHORIZED (the message keeps Gemini's status and text).</li>
     * </ul>
     * Anything else passes unchanged.
     */
    static Adapted adapt(HttpResponse.ResponseInfo info, byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new Adapted(info, body);
        }
        if (root != null && root.isArray() && root.size() == 1 && root.get(0).isObject()) {
            root = root.get(0);
            body = root.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (root == null || !root.path("error").isObject()) {
            return new Adapted(info, body);
        }
        JsonNode error = root.get("error");
        int status = info.statusCode();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(info.headers().map());
        Optional<Duration> delay = retryDelay(error);
        if (delay.isPresent() && !headers.containsKey("retry-after") && !headers.containsKey("retry-after-ms")) {
            headers.put("retry-after-ms", List.of(Long.toString(delay.get().toMillis())));
        }
        if (status == 400 && keyRejected(error)) {
            status = 401;
        }
        return new Adapted(new Info(status, HttpHeaders.of(headers, (name, value) -> true), info.version()), body);
    }

    private record Info(int statusCode, HttpHeaders headers, HttpClient.Version version)
            implements HttpResponse.ResponseInfo {
    }
}
