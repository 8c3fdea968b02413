package io.coditect.studio.provider.gemini.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.coditect.studio.provider.support.Json;
import org.junit.Test;

public class GeminiErrorsTest {

    private static JsonNode error(String details) throws Exception {
        return Json.MAPPER.readTree("{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":" + details + "}");
    }

    private static HttpResponse.ResponseInfo info(int status, Map<String, List<String>> headers) {
        return new HttpResponse.ResponseInfo() {
            public int statusCode() {
                return status;
            }

            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (a, b) -> true);
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    @Test
    public void retryDelayIsAProtobufDuration() throws Exception {
        String retry = "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"%s\"}]";
        assertEquals(Optional.of(Duration.ofSeconds(17)), GeminiErrors.retryDelay(error(String.format(retry, "17s"))));
        assertEquals(Optional.of(Duration.ofNanos(37_561_246_000L)),
                GeminiErrors.retryDelay(error(String.format(retry, "37.561246s"))));
        assertEquals(Optional.of(Duration.ZERO), GeminiErrors.retryDelay(error(String.format(retry, "0s"))));
        assertEquals(Optional.empty(), GeminiErrors.retryDelay(error(String.format(retry, "17"))));
        assertEquals(Optional.empty(), GeminiErrors.retryDelay(error(String.format(retry, "-1s"))));
        assertEquals(Optional.empty(), GeminiErrors.retryDelay(error("[{\"@type\":\"type.googleapis.com/google.rpc.Help\"}]")));
        assertEquals(Optional.empty(), GeminiErrors.retryDelay(error("\"not an array\"")));
    }

    @Test
    public void statusNamesMapToHttpStatuses() {
        assertEquals(400, GeminiErrors.httpStatus("INVALID_ARGUMENT"));
        assertEquals(400, GeminiErrors.httpStatus("FAILED_PRECONDITION"));
        assertEquals(401, GeminiErrors.httpStatus("UNAUTHENTICATED"));
        assertEquals(403, GeminiErrors.httpStatus("PERMISSION_DENIED"));
        assertEquals(404, GeminiErrors.httpStatus("NOT_FOUND"));
        assertEquals(429, GeminiErrors.httpStatus("RESOURCE_EXHAUSTED"));
        assertEquals(503, GeminiErrors.httpStatus("UNAVAILABLE"));
        assertEquals(504, GeminiErrors.httpStatus("DEADLINE_EXCEEDED"));
        assertEquals(500, GeminiErrors.httpStatus("INTERNAL"));
        assertEquals(500, GeminiErrors.httpStatus(""));
    }

    @Test
    public void responsesWithoutAnythingToAdaptPassUnchanged() {
        HttpResponse.ResponseInfo info = info(500, Map.of());
        byte[] html = "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8);
        assertSame(info, GeminiErrors.adapt(info, html).info());
        assertSame(html, GeminiErrors.adapt(info, html).body());
        byte[] plain = "{\"error\":{\"code\":500,\"status\":\"INTERNAL\"}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(500, GeminiErrors.adapt(info, plain).info().statusCode());
        assertFalse(GeminiErrors.adapt(info, plain).info().headers().firstValue("retry-after-ms").isPresent());
    }

    @Test
    public void delayBecomesAHeaderAndARejectedKeyA401() {
        byte[] body = ("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"},{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3s\"}]}}").getBytes(StandardCharsets.UTF_8);
        GeminiErrors.Adapted adapted = GeminiErrors.adapt(info(400, Map.of("content-type", List.of("application/json"))),
                body);
        assertEquals(401, adapted.info().statusCode());
        assertEquals(Optional.of("3000"), adapted.info().headers().firstValue("retry-after-ms"));
        assertEquals(Optional.of("application/json"), adapted.info().headers().firstValue("Content-Type"));
        assertTrue(new String(adapted.body(), StandardCharsets.UTF_8).contains("API_KEY_INVALID"));
    }
}
