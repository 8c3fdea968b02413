package io.coditect.studio.provider.openai.internal;

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
 * Conformance of the OpenAI adapter against the replay server and fixtures in the shape of the
 * Responses API reference (src/test/resources/fixtures/openai). No timing is asserted: waits are
 * generous and only there to avoid hangs.
 */
public class OpenAiProviderTest {

    /** A made-up key; it must show up in the Authorization header and nowhere else. */
    static final String KEY = "sk-proj-TEST-ONLY-3b9d7e51c0a24f68-DO-NOT-LEAK";

    private static final String MODELS = "gpt-6.2-sol|GPT-6.2 Sol|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1050000|2|10;"
            + "gpt-5.3-codex|GPT-5.3-Codex|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|400000|1.75|14;"
            + "gpt-4.1-mini|GPT-4.1 mini|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|1047576|0.4|1.6;"
            + "text-only|Text only|CHAT|8000|0|0";

    private static final OpenAiOptions OPTIONS = new OpenAiOptions("org-FIXTURE", "proj_fixture",
            Set.of("gpt-4.1-mini"));

    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    /** Every failure message seen by any test of this class, checked for the key at the end. */
    private static final List<String> MESSAGES = Collections.synchronizedList(new ArrayList<>());

    private ReplayServer server;
    private ExecutorService executor;
    private OpenAiProvider provider;

    @Before
    public void setUp() throws IOException {
        server = ReplayServer.start();
        executor = HttpStreamer.newExecutor("openai");
        provider = provider(Timeouts.ofSeconds(5, 10, 10), OPTIONS);
    }

    private OpenAiProvider provider(Timeouts timeouts, OpenAiOptions options) {
        if (provider != null) {
            provider.close();
        }
        ProviderSettings settings = ProviderSettings.builder("openai").displayName("OpenAI (test)")
                .baseUrl(server.baseUri() + "/").apiKey(Secret.of(KEY)).models(MODELS).timeouts(timeouts).build();
        provider = new OpenAiProvider(settings, options, executor);
        return provider;
    }

    @After
    public void tearDown() {
        provider.close();
        executor.shutdownNow();
        server.close();
    }

    /** The key never reached a log line (all tests of this class log to target/test.log, debug level). */
    @AfterClass
    public static void theKeyIsNeverLoggedNorInAMessage() throws IOException {
        for (String m : MESSAGES) {
            assertFalse("the key is in a message: " + m, m.contains(KEY));
        }
        String log = KeyLeakCheck.assertKeyNotLogged(KEY, 8, 28);
        if (log != null) {
            assertTrue("the log does not show the failures, so the check proves nothing",
                    log.contains("HTTP 401 invalid_request_error"));
        }
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.of(model, List.of(ChatMessage.user("Hello")));
    }

    private RecordingListener stream(String fixture, ChatRequest request) throws InterruptedException {
        return stream(Fixture.resource("/fixtures/openai/" + fixture), request);
    }

    private RecordingListener stream(Fixture fixture, ChatRequest request) throws InterruptedException {
        server.enqueue(fixture);
        RecordingListener listener = new RecordingListener();
        provider.stream(request, listener);
        listener.awaitEnd();
        listener.assertWellFormed();
        if (listener.last() instanceof RecordingListener.Error error) {
            MESSAGES.add(error.error().getMessage());
            MESSAGES.add(String.valueOf(error.error()));
            if (error.error().getCause() != null) {
                MESSAGES.add(String.valueOf(error.error().getCause()));
            }
        }
        return listener;
    }

    private ProviderException failure(String fixture) throws InterruptedException {
        return failure(Fixture.resource("/fixtures/openai/" + fixture));
    }

    private ProviderException failure(Fixture fixture) throws InterruptedException {
        RecordingListener listener = stream(fixture, hello("gpt-6.2-sol"));
        assertEquals("no onStart before an HTTP error: " + listener.events(), 1, listener.events().size());
        ProviderException e = listener.error();
        assertEquals("openai", e.providerId());
        return e;
    }

    private static final ResponseInfo SNAPSHOT = new ResponseInfo("openai", "gpt-6.2-sol-2026-11-05", false);

    // --- streams -------------------------------------------------------------------------------

    @Test
    public void plainTextStream() throws InterruptedException {
        RecordingListener listener = stream("text.sse", hello("gpt-6.2-sol"));
        assertEquals(List.of(new Start(SNAPSHOT),
                new TextDelta("Hello"), new TextDelta("! How can I help"), new TextDelta(" you today?"),
                new UsageEvent(new Usage(25, 76, 0)),
                new Complete(StopReason.END_TURN)), listener.events());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void functionCallStreamReassemblesArgumentsExactly() throws InterruptedException, IOException {
        RecordingListener listener = stream("function-call.sse", hello("gpt-6.2-sol"));
        String expected = "{\"path\": \"src/main/java/Main.java\", \"pattern\": \"TODO \\\"fix\\\" \\u00e9t\\u00e9\","
                + " \"max_results\": 20}";
        assertEquals(expected, listener.arguments(0));
        JsonNode parsed = new ObjectMapper().readTree(listener.arguments(0));
        assertEquals("TODO \"fix\" été", parsed.path("pattern").asText());
        List<RecordingListener.Event> events = listener.events();
        assertEquals(new Start(SNAPSHOT), events.get(0));
        assertEquals(new ToolStart(0, "call_Qm7RzH2kVb9sYw4aXp1Lt8Nd", "search_code"), events.get(1));
        // the deltas as the vendor cut them, then one end, usage and the stop reason
        assertEquals(List.of(new ToolDelta(0, "{\""), new ToolDelta(0, "path"), new ToolDelta(0, "\": \""),
                new ToolDelta(0, "src/main/java/Ma"), new ToolDelta(0, "in.java"),
                new ToolDelta(0, "\", \"pattern\": \"TODO \\\""), new ToolDelta(0, "fix"),
                new ToolDelta(0, "\\\" \\u00e9t\\u00e9\", \"max"), new ToolDelta(0, "_results\": 20}")),
                events.subList(2, 11));
        assertEquals(List.of(new ToolEnd(0), new UsageEvent(new Usage(310, 58, 0)), new Complete(StopReason.TOOL_USE)),
                events.subList(11, events.size()));
        assertEquals("", listener.text());
    }

    @Test
    public void twoFunctionCallsAreIndexedInOrder() throws InterruptedException {
        RecordingListener listener = stream("two-calls.sse", hello("gpt-6.2-sol"));
        assertEquals("I'll check the weather and the time.", listener.text());
        assertEquals(List.of(new ToolStart(0, "call_9fJ2kL0pQ3wE", "get_weather"),
                new ToolStart(1, "call_7hT5gR1sD6yU", "get_time")), listener.events(ToolStart.class));
        assertEquals("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}", listener.arguments(0));
        assertEquals("{\"timezone\":\"America/Los_Angeles\"}", listener.arguments(1));
        assertEquals(List.of(new ToolEnd(0), new ToolEnd(1)), listener.events(ToolEnd.class));
        List<RecordingListener.Event> events = listener.events();
        for (int i = 0; i < 2; i++) {
            int index = i;
            int start = events.indexOf(listener.events(ToolStart.class).get(i));
            int end = events.indexOf(new ToolEnd(i));
            assertTrue(start < end);
            assertTrue(events.stream().filter(e -> e instanceof ToolDelta d && d.index() == index)
                    .allMatch(e -> events.indexOf(e) > start && events.indexOf(e) < end));
        }
        assertTrue("the second call starts after the first ended",
                events.indexOf(new ToolEnd(0)) < events.indexOf(listener.events(ToolStart.class).get(1)));
        assertEquals(StopReason.TOOL_USE, listener.reason());
    }

    @Test
    public void usageCountsCachedInputTokens() throws InterruptedException {
        RecordingListener listener = stream("two-calls.sse", hello("gpt-6.2-sol"));
        List<UsageEvent> usage = listener.events(UsageEvent.class);
        assertEquals(1, usage.size());
        assertEquals(new Usage(2048, 180, 1536), usage.get(0).usage());
        List<RecordingListener.Event> events = listener.events();
        assertEquals("usage comes right before the end", usage.get(0), events.get(events.size() - 2));
    }

    @Test
    public void refusalIsTextWithRefusalStopReason() throws InterruptedException {
        RecordingListener listener = stream("refusal.sse", hello("gpt-6.2-sol"));
        assertEquals("I'm sorry, but I can't help with that.", listener.text());
        assertEquals(2, listener.events(TextDelta.class).size());
        assertEquals(StopReason.REFUSAL, listener.reason());
    }

    @Test
    public void incompleteAtMaxOutputTokensEndsWithMaxTokens() throws InterruptedException {
        RecordingListener listener = stream("incomplete-max-tokens.sse", hello("gpt-6.2-sol"));
        assertEquals("The first ten primes are 2, 3, 5,", listener.text());
        assertEquals(List.of(new UsageEvent(Usage.of(18, 16))), listener.events(UsageEvent.class));
        assertEquals(StopReason.MAX_TOKENS, listener.reason());
    }

    // --- HTTP errors ---------------------------------------------------------------------------

    @Test
    public void badRequest400() throws InterruptedException {
        ProviderException e = failure("error-400.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("openai: HTTP 400 invalid_request_error: No tool call found for function call output with call_id"
                + " call_missing. (request-id req_fixture_400)", e.getMessage());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void unauthorized401() throws InterruptedException {
        ProviderException e = failure("error-401.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("openai: HTTP 401 invalid_request_error: Incorrect API key"
                + " provided: sk-proj-****"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("(request-id req_fixture_401)"));
        assertEquals(Health.Status.DOWN, provider.health().status());
        MESSAGES.add(provider.health().message());
    }

    @Test
    public void aKeyEchoedByTheVendorIsRemovedFromTheMessage() throws InterruptedException {
        ProviderException e = failure(Fixture.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}",
                "x-request-id", "req_echo"));
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertFalse(e.getMessage(), e.getMessage().contains(KEY));
        assertTrue(e.getMessage(), e.getMessage().contains("Incorrect API key provided: ****."));
        MESSAGES.add(provider.health().message());
        assertFalse(provider.health().message().contains(KEY));
    }

    @Test
    public void rateLimited429WithRetryAfter() throws InterruptedException {
        ProviderException e = failure("error-429.json");
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals("retry-after wins over the reset headers", Duration.ofSeconds(20), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage(), e.getMessage().startsWith("openai: HTTP 429 requests: Rate limit reached for"
                + " gpt-6.2-sol"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("(request-id req_fixture_429); retry after 20 s"));
        assertEquals(Health.Status.DEGRADED, provider.health().status());
    }

    @Test
    public void rateLimited429FromTheExhaustedLimitsResetHeader() throws InterruptedException {
        ProviderException e = failure("error-429-reset-headers.json");
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofMinutes(6), e.retryAfter().orElseThrow());
    }

    @Test
    public void outOfCredit429IsUnauthorizedNotRetryable() throws InterruptedException {
        ProviderException e = failure("error-429-quota.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertFalse(e.kind().retryable());
        assertTrue(e.getMessage(), e.getMessage().startsWith("openai: HTTP 429 insufficient_quota: You exceeded your"
                + " current quota"));
        assertEquals(Health.Status.DOWN, provider.health().status());
    }

    @Test
    public void serverError500IsUnavailable() throws InterruptedException {
        ProviderException e = failure("error-500.json");
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.kind().retryable());
        assertEquals("openai: HTTP 500 server_error: The server had an error while processing your request. Sorry about"
                + " that! (request-id req_fixture_500)", e.getMessage());
        assertEquals(Health.Status.DEGRADED, provider.health().status());
        stream("text.sse", hello("gpt-6.2-sol"));
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void overloaded503() throws InterruptedException {
        ProviderException e = failure("error-503.json");
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals("openai: HTTP 503 server_error: The engine is currently overloaded, please try again later"
                + " (request-id req_fixture_503)", e.getMessage());
    }

    @Test
    public void slowDown503IsRetryable() throws InterruptedException {
        ProviderException e = failure("error-503-slow-down.json");
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.kind().retryable());
        assertTrue(e.getMessage(), e.getMessage().startsWith("openai: HTTP 503 server_error: Slow Down"));
    }

    // --- failures inside the stream --------------------------------------------------------------

    @Test
    public void responseFailedAfterTextIsCutMidStream() throws InterruptedException {
        RecordingListener listener = stream("failed-mid-stream.sse", hello("gpt-6.2-sol"));
        assertEquals(List.of(new Start(SNAPSHOT), new TextDelta("Once upon")), listener.events().subList(0, 2));
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("openai: response failed server_error: The model produced"
                + " invalid content."));
        assertTrue(e.getMessage(), e.getMessage().contains("(response resp_fx_failmid)"));
        assertEquals(Kind.UNAVAILABLE, ((ProviderException) e.getCause()).kind());
        assertEquals(Health.Status.DEGRADED, provider.health().status());
    }

    @Test
    public void responseFailedBeforeOutputKeepsItsKindAndDelay() throws InterruptedException {
        RecordingListener listener = stream("failed-rate-limit.sse", hello("gpt-6.2-sol"));
        assertEquals(new Start(SNAPSHOT), listener.events().get(0));
        ProviderException e = listener.error();
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofMillis(1580), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage(), e.getMessage().startsWith("openai: response failed rate_limit_exceeded: Rate limit"
                + " reached for gpt-6.2-sol"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("(response resp_fx_failrl); retry after 1580 ms"));
    }

    @Test
    public void errorEventBeforeOutputIsUnavailable() throws InterruptedException {
        RecordingListener listener = stream("error-event.sse", hello("gpt-6.2-sol"));
        assertEquals(2, listener.events().size());
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals("openai: stream error server_error: The server had an error while processing your request. Sorry"
                + " about that!", e.getMessage());
    }

    @Test
    public void connectionCutAfterTextIsCutMidStream() throws InterruptedException {
        StreamScenarios.cutAfterFirstText(this::stream, "cut-after-text.sse", hello("gpt-6.2-sol"), "The answer is");
    }

    @Test
    public void connectionCutBeforeAnyTextIsUnavailable() throws InterruptedException {
        StreamScenarios.cutBeforeFirstText(this::stream, "cut-before-text.sse", hello("gpt-6.2-sol"), "/v1/responses");
    }

    @Test
    public void slowFirstByteIsUnavailableNamingTheTimeout() throws InterruptedException {
        provider(Timeouts.ofSeconds(5, 1, 10), OPTIONS);
        StreamScenarios.slowFirstByte(this::stream, "slow-first-byte.sse", hello("gpt-6.2-sol"),
                "openai: POST " + server.baseUri() + "/v1/responses", 1);
    }

    @Test
    public void cancelMidStreamCompletesOnceAndClosesTheConnection() throws InterruptedException {
        StreamScenarios.cancelMidStream(provider, server, "/fixtures/openai/long-stream.sse", hello("gpt-6.2-sol"),
                SNAPSHOT, "Counting: 1", provider::activeStreams);
    }

    // --- the request -----------------------------------------------------------------------------

    @Test
    public void requestWireFormat() throws InterruptedException, IOException {
        ChatRequest request = new ChatRequest("gpt-6.2-sol", "You are a careful coding agent.", List.of(
                new ChatMessage(ChatRole.USER, List.of(
                        new ContentPart.Text("What is in this picture, and what is the weather there?"),
                        new ContentPart.Image("image/png", PNG))),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Text("A beach. Let me check the weather."),
                        new ContentPart.ToolCall("call_A", "get_weather", "{\"location\": \"Nice, FR\"}"),
                        new ContentPart.ToolCall("call_B", "get_time", ""))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("call_A", "21°C, sunny", false),
                        new ContentPart.ToolResult("call_B", "clock unavailable", true))),
                ChatMessage.user("Summarise, please.")),
                List.of(new ToolDefinition("get_weather", "Current weather at a place",
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"),
                        new ToolDefinition("get_time", "", null)),
                2048, 0.2);
        stream("text.sse", request);
        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.method());
        assertEquals("/v1/responses", sent.path());
        assertEquals("Bearer " + KEY, sent.header("authorization"));
        assertEquals("application/json", sent.header("content-type"));
        assertEquals("text/event-stream", sent.header("accept"));
        assertEquals("org-FIXTURE", sent.header("openai-organization"));
        assertEquals("proj_fixture", sent.header("openai-project"));
        assertNull("no Anthropic-style key header", sent.header("x-api-key"));
        assertFalse("the key is only in its header", sent.bodyText().contains(KEY));
        for (var header : sent.headers().entrySet()) {
            if (!header.getKey().equals("authorization")) {
                assertFalse(header.getKey(), String.valueOf(header.getValue()).contains(KEY));
            }
        }
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/openai/request-expected.json")) {
            assertNotNull(in);
            expected = new ObjectMapper().readTree(in);
        }
        assertEquals(expected, sent.json());
    }

    @Test
    public void minimalRequestLeavesOptionalFieldsAndHeadersOut() throws InterruptedException {
        provider(Timeouts.ofSeconds(5, 10, 10), OpenAiOptions.DEFAULT);
        stream("text.sse", hello("gpt-6.2-sol"));
        RecordedRequest sent = server.takeRequest();
        assertEquals("{\"model\":\"gpt-6.2-sol\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"Hello\"}]}],\"max_output_tokens\":1024,\"store\":false,"
                + "\"stream\":true}", sent.json().toString());
        assertNull(sent.header("openai-organization"));
        assertNull(sent.header("openai-project"));
    }

    @Test
    public void temperatureIsSentOnlyForModelsConfiguredToTakeIt() throws InterruptedException {
        ChatRequest tuned = new ChatRequest("gpt-4.1-mini", "", List.of(ChatMessage.user("Hi")), List.of(), 50, 0.3);
        stream("text.sse", tuned);
        assertEquals(0.3, server.takeRequest().json().path("temperature").asDouble(), 0.0);
        ChatRequest reasoning = new ChatRequest("gpt-5.3-codex", "", List.of(ChatMessage.user("Hi")), List.of(), 50, 0.3);
        stream("text.sse", reasoning);
        assertFalse(server.takeRequest().json().has("temperature"));
    }

    @Test
    public void requestsInvalidOnTheirFaceAreRefusedBeforeSending() {
        assertBadRequest("unknown model 'claude-haiku-4-5'; this provider serves gpt-6.2-sol, gpt-5.3-codex,"
                + " gpt-4.1-mini, text-only", hello("claude-haiku-4-5"));
        assertBadRequest("model 'text-only' does not accept images (it lacks the VISION capability); remove the image"
                + " from message 1 (USER)", ChatRequest.of("text-only", List.of(new ChatMessage(ChatRole.USER,
                        List.of(new ContentPart.Text("see"), new ContentPart.Image("image/png", PNG))))));
        assertBadRequest("model 'text-only' does not support tools", new ChatRequest("text-only", "", List.of(
                ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", null)), 100, null));
        assertBadRequest("tool 't': parametersSchema is not valid JSON", new ChatRequest("gpt-6.2-sol", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", "{not json")), 100, null));
        assertBadRequest("tool 't': parametersSchema must be a JSON object", new ChatRequest("gpt-6.2-sol", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", "[]")), 100, null));
        assertBadRequest("an image of type 'image/bmp'", ChatRequest.of("gpt-6.2-sol", List.of(new ChatMessage(
                ChatRole.USER, List.of(new ContentPart.Image("image/bmp", "AAAA"))))));
        assertBadRequest("message 1 (USER) has a tool call", ChatRequest.of("gpt-6.2-sol", List.of(
                new ChatMessage(ChatRole.USER, List.of(new ContentPart.ToolCall("c", "t", "{}"))))));
        assertBadRequest("message 1 (ASSISTANT) has a tool result", ChatRequest.of("gpt-6.2-sol", List.of(
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolResult("c", "x", false))))));
        assertBadRequest("message 1 (ASSISTANT) has an image", ChatRequest.of("gpt-6.2-sol", List.of(
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Image("image/png", PNG))))));
        assertBadRequest("the arguments of tool call 'c' is not valid JSON", ChatRequest.of("gpt-6.2-sol", List.of(
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolCall("c", "t", "{\"a\":"))))));
        assertBadRequest("the request has no message with content", ChatRequest.of("gpt-6.2-sol",
                List.of(ChatMessage.user(""))));
        assertTrue(server.requests().isEmpty());
    }

    private void assertBadRequest(String part, ChatRequest request) {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.stream(request, new RecordingListener()));
        MESSAGES.add(e.getMessage());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("openai: "));
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }

    @Test
    public void withoutKeyTheProviderIsDownAndStreamsFailUnauthorized() throws InterruptedException {
        provider.close();
        ProviderSettings settings = ProviderSettings.builder("openai").baseUrl(server.baseUri().toString())
                .apiKey("", "CODITECT_TEST_UNSET_VARIABLE", name -> null).models(MODELS).build();
        provider = new OpenAiProvider(settings, executor);
        assertEquals(Health.down("no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)"), provider.health());
        RecordingListener listener = new RecordingListener();
        provider.stream(hello("gpt-6.2-sol"), listener);
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(Kind.UNAUTHORIZED, listener.error().kind());
        assertEquals("openai: no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)", listener.error().getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    public void describesItselfWithoutTheKey() {
        assertEquals("openai", provider.id());
        assertEquals("OpenAI (test)", provider.displayName());
        assertFalse(provider.offline());
        assertEquals(4, provider.models().size());
        assertFalse(provider.toString().contains(KEY));
    }
}
