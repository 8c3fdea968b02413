package io.coditect.studio.provider.kimi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.HttpStreamer;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.Secret;
import io.coditect.studio.provider.support.Timeouts;
import io.coditect.studio.provider.support.chat.ChatCompletionsProvider;
import io.coditect.studio.provider.support.testing.Fixture;
import io.coditect.studio.provider.support.testing.KeyLeakCheck;
import io.coditect.studio.provider.support.testing.RecordedRequest;
import io.coditect.studio.provider.support.testing.RecordingListener;
import io.coditect.studio.provider.support.testing.RecordingListener.Complete;
import io.coditect.studio.provider.support.testing.RecordingListener.Start;
import io.coditect.studio.provider.support.testing.RecordingListener.TextDelta;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolDelta;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolEnd;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolStart;
import io.coditect.studio.provider.support.testing.RecordingListener.UsageEvent;
import io.coditect.studio.provider.support.testing.ReplayServer;
import io.coditect.studio.provider.support.testing.StreamScenarios;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Test;

/**
 * Conformance of the Kimi adapter against the replay server and fixtures in the shape of the Kimi
 * API reference (src/test/resources/fixtures/kimi). No timing is asserted: waits are generous and
 * only there to avoid hangs.
 */
public class KimiProviderTest {

    /** A made-up key; it must show up in the Authorization header and nowhere else. */
    static final String KEY = "sk-kimi-TEST-ONLY-3c9d41e2b7f0a85d-DO-NOT-LEAK";

    private static final String MODELS = "kimi-k2.6|Kimi K2.6|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|262144|0.95|4;"
            + "moonshot-v1-8k|Moonshot v1 8K|CHAT,TOOLS|8192|0.2|2;"
            + "plain-chat|Plain|CHAT|8192|0|0";

    /** Every failure message seen by any test of this class, checked for the key at the end. */
    private static final List<String> MESSAGES = Collections.synchronizedList(new ArrayList<>());

    private ReplayServer server;
    private ExecutorService executor;
    private ChatCompletionsProvider provider;

    @Before
    public void setUp() throws IOException {
        server = ReplayServer.start();
        executor = HttpStreamer.newExecutor("kimi");
        provider(Timeouts.ofSeconds(5, 10, 10));
    }

    private ChatCompletionsProvider provider(Timeouts timeouts) {
        if (provider != null) {
            provider.close();
        }
        ProviderSettings settings = ProviderSettings.builder("kimi").displayName("Kimi (test)")
                .baseUrl(server.baseUri() + "/v1/").apiKey(Secret.of(KEY)).models(MODELS).timeouts(timeouts).build();
        provider = new ChatCompletionsProvider(settings, dialect(), executor);
        return provider;
    }

    private static KimiDialect dialect() {
        return new KimiDialect("max_completion_tokens", Set.of("kimi-k2.6", "kimi-k2.5"));
    }

    @After
    public void tearDown() {
        provider.close();
        executor.shutdownNow();
        server.close();
    }

    @AfterClass
    public static void theKeyIsNeverLoggedNorInAMessage() throws IOException {
        for (String m : MESSAGES) {
            assertFalse("the key is in a message: " + m, m.contains(KEY));
        }
        String log = KeyLeakCheck.assertKeyNotLogged(KEY);
        if (log != null) {
            assertTrue("the log does not show the failures, so the check proves nothing", log.contains(
                    "HTTP 401 invalid_authentication_error"));
        }
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.of(model, List.of(ChatMessage.user("Hello")));
    }

    private RecordingListener stream(String fixture, ChatRequest request) throws InterruptedException {
        server.enqueue(Fixture.resource("/fixtures/kimi/" + fixture));
        RecordingListener listener = new RecordingListener();
        provider.stream(request, listener);
        listener.awaitEnd();
        listener.assertWellFormed();
        if (listener.last() instanceof RecordingListener.Error error) {
            MESSAGES.add(error.error().getMessage());
            MESSAGES.add(String.valueOf(error.error()));
        }
        return listener;
    }

    private ProviderException failure(String fixture) throws InterruptedException {
        RecordingListener listener = stream(fixture, hello("kimi-k2.6"));
        assertEquals("no onStart before an HTTP error: " + listener.events(), 1, listener.events().size());
        ProviderException e = listener.error();
        assertEquals("kimi", e.providerId());
        return e;
    }

    @Test
    public void plainTextStreamWithUsageInsideTheLastChoice() throws InterruptedException {
        RecordingListener listener = stream("text.sse", hello("kimi-k2.6"));
        assertEquals(List.of(
                new Start(new ResponseInfo("kimi", "kimi-k2.6", false)),
                new TextDelta("Hello"), new TextDelta("! How can I help"), new TextDelta(" you today?"),
                new UsageEvent(new Usage(19, 13, 0)),
                new Complete(StopReason.END_TURN)), listener.events());
        assertEquals(Health.up(), provider.health());
        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.method());
        assertEquals("/v1/chat/completions", sent.path());
    }

    @Test
    public void usageAtTheTopLevelWithCachedTokens() throws InterruptedException {
        RecordingListener listener = stream("usage-top-level.sse", hello("moonshot-v1-8k"));
        assertEquals("Paris.", listener.text());
        assertEquals(List.of(new UsageEvent(new Usage(1200, 40, 1024))), listener.events(UsageEvent.class));
        assertEquals(StopReason.END_TURN, listener.reason());
        assertEquals(new Start(new ResponseInfo("kimi", "moonshot-v1-8k", false)), listener.events().get(0));
    }

    @Test
    public void toolCallStreamReassemblesParallelCallsExactly() throws InterruptedException {
        RecordingListener listener = stream("tool-calls.sse", hello("kimi-k2.6"));
        assertEquals("I'll check the weather and the time.", listener.text());
        assertEquals(List.of(new ToolStart(0, "functions.get_weather:0", "get_weather"),
                new ToolStart(1, "functions.get_time:1", "get_time")), listener.events(ToolStart.class));
        assertEquals("{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\"}", listener.arguments(0));
        assertEquals("{\"timezone\": \"America/Los_Angeles\"}", listener.arguments(1));
        assertEquals(List.of(new ToolEnd(0), new ToolEnd(1)), listener.events(ToolEnd.class));
        List<RecordingListener.Event> events = listener.events();
        for (int i = 0; i < 2; i++) {
            int index = i;
            int start = events.indexOf(listener.events(ToolStart.class).get(i));
            int end = events.indexOf(new ToolEnd(i));
            assertTrue(events.stream().filter(e -> e instanceof ToolDelta d && d.index() == index)
                    .allMatch(e -> events.indexOf(e) > start && events.indexOf(e) < end));
        }
        assertEquals(List.of(new UsageEvent(new Usage(472, 89, 256))), listener.events(UsageEvent.class));
        assertEquals(StopReason.TOOL_USE, listener.reason());
    }

    @Test
    public void badRequest400() throws InterruptedException {
        ProviderException e = failure("error-400.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("kimi: HTTP 400 invalid_request_error: Invalid request: Your request exceeded model token limit:"
                + " 262144", e.getMessage());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void contentFilter400IsBadRequest() throws InterruptedException {
        ProviderException e = failure("error-400-content-filter.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 400 content_filter: The request was rejected"));
    }

    @Test
    public void unauthorized401() throws InterruptedException {
        ProviderException e = failure("error-401.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals("kimi: HTTP 401 invalid_authentication_error: Invalid Authentication", e.getMessage());
        assertEquals(Health.Status.DOWN, provider.health().status());
        MESSAGES.add(provider.health().message());
    }

    @Test
    public void aKeyEchoedByTheServerIsRedacted() throws InterruptedException {
        server.enqueue(Fixture.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + "\",\"type\":\"incorrect_api_key_error\"}}"));
        RecordingListener listener = new RecordingListener();
        provider.stream(hello("kimi-k2.6"), listener);
        listener.awaitEnd();
        listener.assertWellFormed();
        ProviderException e = listener.error();
        MESSAGES.add(e.getMessage());
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals("kimi: HTTP 401 incorrect_api_key_error: Incorrect API key provided: ****", e.getMessage());
        assertFalse(provider.health().message().contains(KEY));
    }

    @Test
    public void permissionDenied403AndUnknownModel404() throws InterruptedException {
        assertEquals(Kind.UNAUTHORIZED, failure("error-403.json").kind());
        ProviderException e = failure("error-404.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("resource_not_found_error"));
    }

    @Test
    public void rateLimited429WithRetryAfter() throws InterruptedException {
        ProviderException e = failure("error-429-rate-limit.json");
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage(), e.getMessage().startsWith("kimi: HTTP 429 rate_limit_reached_error: Your account"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("; retry after 3 s"));
        assertEquals(Health.Status.DEGRADED, provider.health().status());
    }

    @Test
    public void exceededQuota429IsUnauthorizedNotRetryable() throws InterruptedException {
        ProviderException e = failure("error-429-quota.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertFalse(e.kind().retryable());
        assertTrue(e.getMessage(), e.getMessage().startsWith("kimi: HTTP 429 exceeded_current_quota_error: Your account"));
        assertEquals(Health.Status.DOWN, provider.health().status());
    }

    @Test
    public void engineOverloaded429IsOverloaded() throws InterruptedException {
        ProviderException e = failure("error-429-overloaded.json");
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertEquals("kimi: HTTP 429 engine_overloaded_error: The engine is currently overloaded, please try again later;"
                + " retry after 1 s", e.getMessage());
        stream("text.sse", hello("kimi-k2.6"));
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void serverError500IsUnavailable() throws InterruptedException {
        ProviderException e = failure("error-500.json");
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.kind().retryable());
        assertEquals("kimi: HTTP 500 server_error: Failed to extract file: internal error", e.getMessage());
    }

    @Test
    public void errorInTheStreamBeforeTextIsOverloaded() throws InterruptedException {
        RecordingListener listener = stream("error-event-before-text.sse", hello("kimi-k2.6"));
        assertTrue(listener.events().get(0) instanceof Start);
        ProviderException e = listener.error();
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals("kimi: stream error engine_overloaded_error: The engine is currently overloaded, please try again"
                + " later", e.getMessage());
    }

    @Test
    public void errorInTheStreamAfterTextIsCutMidStream() throws InterruptedException {
        RecordingListener listener = stream("error-event-mid-stream.sse", hello("kimi-k2.6"));
        assertEquals("Once upon", listener.text());
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("kimi: stream error rate_limit_reached_error:"));
        assertEquals(Kind.RATE_LIMITED, ((ProviderException) e.getCause()).kind());
    }

    @Test
    public void connectionCutAfterTextIsCutMidStream() throws InterruptedException {
        StreamScenarios.cutAfterFirstText(this::stream, "cut-after-text.sse", hello("kimi-k2.6"), "The answer is");
    }

    @Test
    public void connectionCutBeforeAnyTextIsRetryable() throws InterruptedException {
        StreamScenarios.cutBeforeFirstText(this::stream, "cut-before-text.sse", hello("kimi-k2.6"), "/v1/chat/completions");
    }

    @Test
    public void slowFirstByteIsUnavailableNamingTheTimeout() throws InterruptedException {
        provider(Timeouts.ofSeconds(5, 1, 10));
        StreamScenarios.slowFirstByte(this::stream, "slow-first-byte.sse", hello("kimi-k2.6"),
                "kimi: POST " + server.baseUri() + "/v1/chat/completions", 1);
    }

    @Test
    public void cancelMidStreamCompletesOnceAndClosesTheConnection() throws InterruptedException {
        StreamScenarios.cancelMidStream(provider, server, "/fixtures/kimi/long-stream.sse", hello("kimi-k2.6"),
                new ResponseInfo("kimi", "kimi-k2.6", false), "Counting: 1", provider::activeStreams);
    }

    @Test
    public void requestWireFormat() throws InterruptedException, IOException {
        ChatRequest request = new ChatRequest("kimi-k2.6", "You are Kimi, a careful assistant.", List.of(
                new ChatMessage(ChatRole.USER, List.of(
                        new ContentPart.Text("What is in this picture, and what is the weather there?"),
                        new ContentPart.Image("image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Text("A beach. Let me check the weather."),
                        new ContentPart.ToolCall("functions.get_weather:0", "get_weather", "{\"location\": \"Nice, FR\"}"),
                        new ContentPart.ToolCall("functions.get_time:1", "get_time", ""))),
                new ChatMessage(ChatRole.TOOL, List.of(
                        new ContentPart.ToolResult("functions.get_weather:0", "21°C, sunny", false),
                        new ContentPart.ToolResult("functions.get_time:1", "clock unavailable", true))),
                ChatMessage.user("Summarise, please.")),
                List.of(new ToolDefinition("get_weather", "Current weather at a place",
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"),
                        new ToolDefinition("get_time", "", null)),
                2048, 0.2);
        stream("text.sse", request);
        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.method());
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals("Bearer " + KEY, sent.header("authorization"));
        assertEquals("application/json", sent.header("content-type"));
        assertEquals("text/event-stream", sent.header("accept"));
        assertFalse("the key is only in its header", sent.bodyText().contains(KEY));
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/kimi/request-expected.json")) {
            assertNotNull(in);
            expected = new ObjectMapper().readTree(in);
        }
        assertEquals(expected, sent.json());
    }

    @Test
    public void temperatureIsLimitedToKimisRangeAndLeftOutForFixedModels() throws InterruptedException {
        stream("usage-top-level.sse", new ChatRequest("moonshot-v1-8k", "", List.of(ChatMessage.user("Capital of"
                + " France?")), List.of(), 100, 1.5));
        JsonNode sent = server.takeRequest().json();
        assertEquals("{\"model\":\"moonshot-v1-8k\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}],"
                + "\"max_completion_tokens\":100,\"temperature\":1.0,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}", sent.toString());
        stream("text.sse", new ChatRequest("kimi-k2.6", "", List.of(ChatMessage.user("Hi")), List.of(), 100, 0.3));
        assertNull(server.takeRequest().json().get("temperature"));
    }

    @Test
    public void aModelWithoutReasoningGetsNoReasoningPlaceholder() throws InterruptedException {
        stream("usage-top-level.sse", ChatRequest.of("moonshot-v1-8k", List.of(ChatMessage.user("hi"),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolCall("functions.f:0", "f", "{}"))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("functions.f:0", "done", false))))));
        JsonNode assistant = server.takeRequest().json().get("messages").get(1);
        assertEquals("assistant", assistant.get("role").asText());
        assertFalse(assistant.toString(), assistant.has("reasoning_content"));
        assertFalse("no content with only tool calls", assistant.has("content"));
    }

    @Test
    public void requestsInvalidOnTheirFaceAreRefusedBeforeSending() {
        assertBadRequest("unknown model 'gpt-5'; this provider serves kimi-k2.6, moonshot-v1-8k, plain-chat",
                hello("gpt-5"));
        assertBadRequest("model 'moonshot-v1-8k' does not accept images (it lacks the VISION capability)",
                ChatRequest.of("moonshot-v1-8k", List.of(new ChatMessage(ChatRole.USER,
                        List.of(new ContentPart.Text("see"), new ContentPart.Image("image/png", "AAAA"))))));
        assertBadRequest("model 'plain-chat' does not support tools", new ChatRequest("plain-chat", "", List.of(
                ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", null)), 100, null));
        assertBadRequest("tool 't': parametersSchema is not valid JSON", new ChatRequest("kimi-k2.6", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", "{not json")), 100, null));
        assertBadRequest("the request has no message with content", ChatRequest.of("kimi-k2.6",
                List.of(ChatMessage.user(""))));
        assertTrue(server.requests().isEmpty());
    }

    private void assertBadRequest(String part, ChatRequest request) {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.stream(request, new RecordingListener()));
        MESSAGES.add(e.getMessage());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("kimi: "));
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }

    @Test
    public void withoutKeyTheProviderIsDownAndStreamsFailUnauthorized() throws InterruptedException {
        provider.close();
        ProviderSettings settings = ProviderSettings.builder("kimi").baseUrl(server.baseUri() + "/v1")
                .apiKey("", "CODITECT_TEST_UNSET_VARIABLE", name -> null).models(MODELS).build();
        provider = new ChatCompletionsProvider(settings, dialect(), executor);
        assertEquals(Health.down("no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)"), provider.health());
        RecordingListener listener = new RecordingListener();
        provider.stream(hello("kimi-k2.6"), listener);
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(Kind.UNAUTHORIZED, listener.error().kind());
        assertEquals("kimi: no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)", listener.error().getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    public void describesItselfWithoutTheKey() {
        assertEquals("kimi", provider.id());
        assertEquals("Kimi (test)", provider.displayName());
        assertFalse(provider.offline());
        assertEquals(3, provider.models().size());
        assertFalse(provider.toString().contains(KEY));
    }
}
