package io.coditect.studio.provider.gemini.internal;

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
 * Conformance of the Gemini adapter against the replay server and fixtures in the shape of the
 * Gemini API reference (src/test/resources/fixtures/gemini). No timing is asserted: waits are
 * generous and only there to avoid hangs.
 */
public class GeminiProviderTest {

    /** A made-up key; it must show up in the x-goog-api-key header and nowhere else. */
    static final String KEY = "AIzaSyTEST-ONLY-9c4e1f7a2b6d8e0f3a5c-DO-NOT-LEAK";

    private static final String MODELS = "gemini-3.8-flash|Gemini 3.8 Flash|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|1048576|0.75|3.75;"
            + "gemini-3.1-pro-preview|Gemini 3.1 Pro|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT,REASONING|1048576|2|12;"
            + "text-only|Text only|CHAT|8000|0|0";

    /** Every failure message seen by any test of this class, checked for the key at the end. */
    private static final List<String> MESSAGES = Collections.synchronizedList(new ArrayList<>());

    private ReplayServer server;
    private ExecutorService executor;
    private GeminiProvider provider;

    @Before
    public void setUp() throws IOException {
        server = ReplayServer.start();
        executor = HttpStreamer.newExecutor("gemini");
        provider = provider(Timeouts.ofSeconds(5, 10, 10));
    }

    private GeminiProvider provider(Timeouts timeouts) {
        if (provider != null) {
            provider.close();
        }
        ProviderSettings settings = ProviderSettings.builder("gemini").displayName("Gemini (test)")
                .baseUrl(server.baseUri() + "/").apiKey(Secret.of(KEY)).models(MODELS).timeouts(timeouts).build();
        provider = new GeminiProvider(settings, executor, () -> "gc_test");
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
        String log = KeyLeakCheck.assertKeyNotLogged(KEY);
        if (log != null) {
            assertTrue("the log does not show the failures, so the check proves nothing", log.contains(
                    "HTTP 403 PERMISSION_DENIED"));
        }
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.of(model, List.of(ChatMessage.user("Hello")));
    }

    private RecordingListener stream(String fixture, ChatRequest request) throws InterruptedException {
        server.enqueue(Fixture.resource("/fixtures/gemini/" + fixture));
        return stream(request);
    }

    private RecordingListener stream(ChatRequest request) throws InterruptedException {
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
        RecordingListener listener = stream(fixture, hello("gemini-3.8-flash"));
        assertEquals("no onStart before an HTTP error: " + listener.events(), 1, listener.events().size());
        ProviderException e = listener.error();
        assertEquals("gemini", e.providerId());
        return e;
    }

    @Test
    public void plainTextStream() throws InterruptedException {
        RecordingListener listener = stream("text.sse", hello("gemini-3.8-flash"));
        assertEquals(List.of(
                new Start(new ResponseInfo("gemini", "gemini-3.8-flash", false)),
                new TextDelta("Hello"), new TextDelta("! How can I help"), new TextDelta(" you today?"),
                new UsageEvent(new Usage(9, 8 + 36, 0)),
                new Complete(StopReason.END_TURN)), listener.events());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void requestGoesToStreamGenerateContentWithTheKeyInItsHeaderOnly() throws InterruptedException {
        stream("text.sse", hello("gemini-3.8-flash"));
        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.method());
        assertEquals("/v1beta/models/gemini-3.8-flash:streamGenerateContent?alt=sse", sent.path());
        assertEquals(KEY, sent.header("x-goog-api-key"));
        assertEquals("application/json", sent.header("content-type"));
        assertEquals("text/event-stream", sent.header("accept"));
        assertNull("no bearer token", sent.header("authorization"));
        assertFalse("the key is not in the URL", sent.path().contains(KEY));
        assertFalse("the key is only in its header", sent.bodyText().contains(KEY));
    }

    @Test
    public void functionCallStreamReassemblesArgumentsExactlyAndEndsWithToolUse() throws InterruptedException {
        RecordingListener listener = stream("function-call.sse", hello("gemini-3.1-pro-preview"));
        assertEquals(new Start(new ResponseInfo("gemini", "gemini-3.1-pro-preview", false)), listener.events().get(0));
        assertEquals("Let me look that up.", listener.text());
        assertEquals(List.of(new ToolStart(0, "gc_test_0", "get_weather")), listener.events(ToolStart.class));
        // the args object exactly as sent, compact: key order, unicode, 1.50 and null kept
        assertEquals("{\"location\":\"Zürich, CH\",\"unit\":\"celsius\",\"days\":3,\"threshold\":1.50,\"hourly\":false,"
                + "\"fields\":[\"temp\",\"wind\"],\"window\":{\"from\":\"08:00\",\"to\":null}}", listener.arguments(0));
        List<RecordingListener.Event> events = listener.events();
        int start = events.indexOf(new ToolStart(0, "gc_test_0", "get_weather"));
        int end = events.indexOf(new ToolEnd(0));
        assertTrue(start < end);
        assertTrue(events.stream().filter(ToolDelta.class::isInstance)
                .allMatch(e -> events.indexOf(e) > start && events.indexOf(e) < end));
        assertEquals(StopReason.TOOL_USE, listener.reason());
    }

    @Test
    public void usageCountsThinkingAsOutputAndCacheHitsAsCachedInput() throws InterruptedException {
        RecordingListener listener = stream("function-call.sse", hello("gemini-3.1-pro-preview"));
        List<UsageEvent> usage = listener.events(UsageEvent.class);
        assertEquals("one onUsage, with the last chunk's counts", 1, usage.size());
        assertEquals(new Usage(1210, 31 + 100, 1024), usage.get(0).usage());
        int index = listener.events().indexOf(usage.get(0));
        assertEquals("usage right before the end", listener.events().size() - 2, index);
    }

    @Test
    public void twoFunctionCallsInOneAnswer() throws InterruptedException {
        RecordingListener listener = stream("two-function-calls.sse", hello("gemini-3.8-flash"));
        assertEquals(List.of(new ToolStart(0, "fc-7x1k2", "get_weather"), new ToolStart(1, "gc_test_1", "get_time")),
                listener.events(ToolStart.class));
        assertEquals("{\"location\":\"Paris\"}", listener.arguments(0));
        assertEquals("{\"timezone\":\"Europe/Paris\"}", listener.arguments(1));
        assertEquals(List.of(new ToolEnd(0), new ToolEnd(1)), listener.events(ToolEnd.class));
        // call 0 ends before call 1 starts
        assertTrue(listener.events().indexOf(new ToolEnd(0)) < listener.events().indexOf(listener.events(ToolStart.class)
                .get(1)));
        assertEquals(StopReason.TOOL_USE, listener.reason());
    }

    @Test
    public void thoughtSignaturesGoBackWithTheFunctionCallsOfTheNextRequest() throws InterruptedException {
        RecordingListener first = stream("two-function-calls.sse", hello("gemini-3.8-flash"));
        assertEquals(StopReason.TOOL_USE, first.reason());
        server.takeRequest();
        ChatRequest followUp = ChatRequest.of("gemini-3.8-flash", List.of(ChatMessage.user("Weather and time in Paris?"),
                new ChatMessage(ChatRole.ASSISTANT, List.of(
                        new ContentPart.ToolCall("fc-7x1k2", "get_weather", first.arguments(0)),
                        new ContentPart.ToolCall("gc_test_1", "get_time", first.arguments(1)))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("fc-7x1k2", "18°C", false),
                        new ContentPart.ToolResult("gc_test_1", "14:05", false)))));
        stream("text.sse", followUp);
        JsonNode parts = server.takeRequest().json().path("contents").path(1).path("parts");
        assertEquals("model", server.requests().get(1).json().path("contents").path(1).path("role").asText());
        assertEquals("CiQBjz1rX2FixtureSignatureParallel==", parts.path(0).path("thoughtSignature").asText());
        assertTrue("only the first call of the step has the signature", parts.path(1).path("thoughtSignature")
                .isMissingNode());
        assertEquals("{\"id\":\"gc_test_1\",\"name\":\"get_time\",\"args\":{\"timezone\":\"Europe/Paris\"}}",
                parts.path(1).path("functionCall").toString());

        // another model never gets that signature, only the documented dummy
        stream("text.sse", new ChatRequest("gemini-3.1-pro-preview", "", followUp.messages(), List.of(), 100, null));
        JsonNode other = server.takeRequest().json().path("contents").path(1).path("parts");
        assertEquals(ThoughtSignatures.UNKNOWN, other.path(0).path("thoughtSignature").asText());
    }

    @Test
    public void promptBlockedIsRefusal() throws InterruptedException {
        RecordingListener listener = stream("blocked-prompt.sse", hello("gemini-3.8-flash"));
        assertEquals(List.of(new Start(new ResponseInfo("gemini", "gemini-3.8-flash", false)),
                new UsageEvent(new Usage(12, 0, 0)), new Complete(StopReason.REFUSAL)), listener.events());
    }

    @Test
    public void badRequest400() throws InterruptedException {
        ProviderException e = failure("error-400.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("gemini: HTTP 400 INVALID_ARGUMENT: * GenerateContentRequest.contents[1].parts[0].function_response"
                + ".name: Name cannot be empty.", e.getMessage());
        assertTrue(e.retryAfter().isEmpty());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void rejectedKeyAnsweredWith400IsUnauthorized() throws InterruptedException {
        ProviderException e = failure("error-400-api-key.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("INVALID_ARGUMENT: API key not valid. Please pass a valid API"
                + " key."));
        assertEquals(Health.Status.DOWN, provider.health().status());
        MESSAGES.add(provider.health().message());
    }

    @Test
    public void permissionDenied403() throws InterruptedException {
        ProviderException e = failure("error-403.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("gemini: HTTP 403 PERMISSION_DENIED: Method doesn't allow"
                + " unregistered callers"));
        assertFalse(e.kind().retryable());
        assertEquals(Health.Status.DOWN, provider.health().status());
    }

    @Test
    public void rateLimited429WithTheRetryInfoDelay() throws InterruptedException {
        ProviderException e = failure("error-429.json");
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(17), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage(), e.getMessage().startsWith("gemini: HTTP 429 RESOURCE_EXHAUSTED: You exceeded your"
                + " current quota"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("; retry after 17 s"));
        assertEquals(Health.Status.DEGRADED, provider.health().status());
    }

    @Test
    public void retryAfterHeaderWinsOverTheRetryInfoDelay() throws InterruptedException {
        server.enqueue(Fixture.json(429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check"
                + " quota).\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc"
                + ".RetryInfo\",\"retryDelay\":\"40s\"}]}}", "retry-after", "5"));
        ProviderException e = stream(hello("gemini-3.8-flash")).error();
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(5), e.retryAfter().orElseThrow());
    }

    @Test
    public void errorBodyInJsonArrayFramingIsUnwrapped() throws InterruptedException {
        server.enqueue(Fixture.json(429, "[{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check"
                + " quota).\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc"
                + ".RetryInfo\",\"retryDelay\":\"1.500s\"}]}}]"));
        ProviderException e = stream(hello("gemini-3.8-flash")).error();
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofMillis(1500), e.retryAfter().orElseThrow());
        assertEquals("gemini: HTTP 429 RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).; retry after"
                + " 1.5 s", e.getMessage());
    }

    @Test
    public void internalError500IsUnavailable() throws InterruptedException {
        ProviderException e = failure("error-500.json");
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.kind().retryable());
        assertTrue(e.getMessage(), e.getMessage().startsWith("gemini: HTTP 500 INTERNAL: An internal error has occurred."));
    }

    @Test
    public void overloaded503() throws InterruptedException {
        ProviderException e = failure("error-503.json");
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals("gemini: HTTP 503 UNAVAILABLE: The model is overloaded. Please try again later.", e.getMessage());
        assertEquals(Health.Status.DEGRADED, provider.health().status());
        stream("text.sse", hello("gemini-3.8-flash"));
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void errorChunkBeforeAnyTextKeepsItsKindAndDelay() throws InterruptedException {
        RecordingListener listener = stream("error-event-before-text.sse", hello("gemini-3.8-flash"));
        ProviderException e = listener.error();
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofMillis(2500), e.retryAfter().orElseThrow());
        assertEquals("gemini: stream error 429 RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).;"
                + " retry after 2500 ms", e.getMessage());
    }

    @Test
    public void errorChunkAfterTextIsCutMidStream() throws InterruptedException {
        RecordingListener listener = stream("error-event-mid-stream.sse", hello("gemini-3.8-flash"));
        assertEquals("Once upon", listener.text());
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("gemini: stream error 503 UNAVAILABLE: The model is"
                + " overloaded."));
        assertEquals(Kind.OVERLOADED, ((ProviderException) e.getCause()).kind());
    }

    @Test
    public void connectionCutAfterTextIsCutMidStream() throws InterruptedException {
        StreamScenarios.cutAfterFirstText(this::stream, "cut-after-text.sse", hello("gemini-3.8-flash"), "The answer is");
    }

    @Test
    public void connectionCutBeforeAnyTextIsRetryable() throws InterruptedException {
        StreamScenarios.cutBeforeFirstText(this::stream, "cut-before-text.sse", hello("gemini-3.8-flash"), ":streamGenerateContent");
    }

    @Test
    public void bodyEndingWithoutFinishReasonAfterTextIsCutMidStream() throws InterruptedException {
        RecordingListener listener = stream("ended-without-finish.sse", hello("gemini-3.8-flash"));
        assertEquals("Half an", listener.text());
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("gemini: the response ended before a chunk with finishReason"));
    }

    @Test
    public void slowFirstByteIsUnavailableNamingTheTimeout() throws InterruptedException {
        provider(Timeouts.ofSeconds(5, 1, 10));
        StreamScenarios.slowFirstByte(this::stream, "slow-first-byte.sse", hello("gemini-3.8-flash"),
                "gemini: POST " + server.baseUri() + "/v1beta/models/gemini-3.8-flash:streamGenerateContent", 1);
    }

    @Test
    public void cancelMidStreamCompletesOnceAndClosesTheConnection() throws InterruptedException {
        StreamScenarios.cancelMidStream(provider, server, "/fixtures/gemini/long-stream.sse", hello("gemini-3.8-flash"),
                new ResponseInfo("gemini", "gemini-3.8-flash", false), "Counting: 1", provider::activeStreams);
    }

    @Test
    public void requestWireFormat() throws InterruptedException, IOException {
        ChatRequest request = new ChatRequest("gemini-3.8-flash", "You are a careful assistant.", List.of(
                new ChatMessage(ChatRole.USER, List.of(
                        new ContentPart.Text("What is in this picture, and what is the weather there?"),
                        new ContentPart.Image("image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))),
                new ChatMessage(ChatRole.ASSISTANT, List.of(
                        new ContentPart.Text("A beach in Nice. Let me check the weather."),
                        new ContentPart.ToolCall("call_w", "get_weather", "{\"location\": \"Nice, FR\"}"),
                        new ContentPart.ToolCall("call_t", "get_time", ""))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("call_w", "21°C, sunny", false),
                        new ContentPart.ToolResult("call_t", "clock unavailable", true))),
                ChatMessage.user("Summarise, please.")),
                List.of(new ToolDefinition("get_weather", "Current weather at a place", "{"
                        + "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                        + "\"properties\":{"
                        + "\"location\":{\"type\":\"string\",\"description\":\"City and country\"},"
                        + "\"unit\":{\"type\":[\"string\",\"null\"],\"enum\":[\"celsius\",\"fahrenheit\",null]},"
                        + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
                        + "\"source\":{\"type\":\"string\",\"format\":\"uri\"},"
                        + "\"place\":{\"$ref\":\"#/$defs/place\"}},"
                        + "\"required\":[\"location\",\"not_a_property\"],\"additionalProperties\":false,"
                        + "\"$defs\":{\"place\":{\"type\":\"object\",\"properties\":{"
                        + "\"lat\":{\"type\":\"number\",\"exclusiveMinimum\":-90},\"lon\":{\"type\":\"number\"}},"
                        + "\"additionalProperties\":false}}}"),
                        new ToolDefinition("get_time", "", null)),
                2048, 0.2);
        stream("text.sse", request);
        RecordedRequest sent = server.takeRequest();
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/gemini/request-expected.json")) {
            assertNotNull(in);
            expected = new ObjectMapper().readTree(in);
        }
        assertEquals(expected, sent.json());
    }

    @Test
    public void minimalRequestLeavesOptionalFieldsOut() throws InterruptedException {
        stream("text.sse", hello("gemini-3.8-flash"));
        JsonNode sent = server.takeRequest().json();
        assertEquals("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}],"
                + "\"generationConfig\":{\"maxOutputTokens\":1024}}", sent.toString());
    }

    @Test
    public void requestsInvalidOnTheirFaceAreRefusedBeforeSending() {
        assertBadRequest("unknown model 'gpt-5'; this provider serves gemini-3.8-flash, gemini-3.1-pro-preview, text-only",
                hello("gpt-5"));
        assertBadRequest("model 'text-only' does not accept images (it lacks the VISION capability)",
                ChatRequest.of("text-only", List.of(new ChatMessage(ChatRole.USER,
                        List.of(new ContentPart.Text("see"), new ContentPart.Image("image/png", "AAAA"))))));
        assertBadRequest("model 'text-only' does not support tools", new ChatRequest("text-only", "", List.of(
                ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", null)), 100, null));
        assertBadRequest("tool 't': parametersSchema is not valid JSON", new ChatRequest("gemini-3.8-flash", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", "{not json")), 100, null));
        assertBadRequest("tool 't': parametersSchema must describe one object", new ChatRequest("gemini-3.8-flash", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", "{\"type\":\"string\"}")), 100, null));
        assertBadRequest("tool 't': parametersSchema has a $ref '#/$defs/nothing' that points to nothing",
                new ChatRequest("gemini-3.8-flash", "", List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "",
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/nothing\"}}}")), 100, null));
        assertBadRequest("tool name 'read file' is not accepted by Gemini", new ChatRequest("gemini-3.8-flash", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("read file", "", null)), 100, null));
        assertBadRequest("an image of type 'image/gif'", ChatRequest.of("gemini-3.8-flash", List.of(new ChatMessage(
                ChatRole.USER, List.of(new ContentPart.Image("image/gif", "AAAA"))))));
        assertBadRequest("message 1 (USER) has a tool call", ChatRequest.of("gemini-3.8-flash", List.of(
                new ChatMessage(ChatRole.USER, List.of(new ContentPart.ToolCall("c", "t", "{}"))))));
        assertBadRequest("message 1 (ASSISTANT) has a tool result", ChatRequest.of("gemini-3.8-flash", List.of(
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolResult("c", "x", false))))));
        assertBadRequest("message 2 (TOOL) has the result of tool call 'c9', but no earlier assistant message has a tool"
                + " call with that id", ChatRequest.of("gemini-3.8-flash", List.of(ChatMessage.user("hi"),
                        new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("c9", "x", false))))));
        assertBadRequest("the arguments of tool call 'c' is not valid JSON", ChatRequest.of("gemini-3.8-flash", List.of(
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolCall("c", "t", "{\"a\":"))))));
        assertBadRequest("the request has no message with content", ChatRequest.of("gemini-3.8-flash",
                List.of(ChatMessage.user(""))));
        assertTrue(server.requests().isEmpty());
    }

    private void assertBadRequest(String part, ChatRequest request) {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.stream(request, new RecordingListener()));
        MESSAGES.add(e.getMessage());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("gemini: "));
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }

    @Test
    public void withoutKeyTheProviderIsDownAndStreamsFailUnauthorized() throws InterruptedException {
        provider.close();
        ProviderSettings settings = ProviderSettings.builder("gemini").baseUrl(server.baseUri().toString())
                .apiKey("", "CODITECT_TEST_UNSET_VARIABLE", name -> null).models(MODELS).build();
        provider = new GeminiProvider(settings, executor);
        assertEquals(Health.down("no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)"), provider.health());
        RecordingListener listener = stream(hello("gemini-3.8-flash"));
        assertEquals(Kind.UNAUTHORIZED, listener.error().kind());
        assertEquals("gemini: no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)", listener.error().getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    public void keyEchoedByTheVendorIsRemovedFromTheMessage() throws InterruptedException {
        server.enqueue(Fixture.json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid: " + KEY
                + "\",\"status\":\"INVALID_ARGUMENT\"}}"));
        ProviderException e = stream(hello("gemini-3.8-flash")).error();
        assertFalse(e.getMessage(), e.getMessage().contains(KEY));
        assertTrue(e.getMessage(), e.getMessage().contains("API key not valid: ****"));
    }

    @Test
    public void describesItselfWithoutTheKey() {
        assertEquals("gemini", provider.id());
        assertEquals("Gemini (test)", provider.displayName());
        assertFalse(provider.offline());
        assertEquals(3, provider.models().size());
        assertFalse(provider.toString().contains(KEY));
    }

    @Test
    public void generatedCallIdsDifferBetweenStreams() {
        assertFalse(GeminiProvider.randomCallIdPrefix().equals(GeminiProvider.randomCallIdPrefix()));
        assertTrue(GeminiProvider.randomCallIdPrefix().matches("gc_[0-9a-f]{12}"));
    }
}
