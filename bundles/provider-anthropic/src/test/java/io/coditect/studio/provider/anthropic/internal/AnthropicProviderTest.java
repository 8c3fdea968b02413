package io.coditect.studio.provider.anthropic.internal;

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
 * Conformance of the Anthropic adapter against the replay server and fixtures in the shape of the
 * Messages API reference (src/test/resources/fixtures/anthropic). No timing is asserted: waits are
 * generous and only there to avoid hangs.
 */
public class AnthropicProviderTest {

    /** A made-up key; it must show up in the x-api-key header and nowhere else. */
    static final String KEY = "sk-ant-api03-TEST-ONLY-6f1c2d9e8b7a-DO-NOT-LEAK";

    private static final String MODELS = "claude-sonnet-5-5|Claude Sonnet 5.5|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|1000000|2|10;"
            + "claude-haiku-4-5|Claude Haiku 4.5|CHAT,CODE,TOOLS,VISION,LONG_CONTEXT|200000|1|5;"
            + "text-only|Text only|CHAT|8000|0|0";

    /** Every failure message seen by any test of this class, checked for the key at the end. */
    private static final List<String> MESSAGES = Collections.synchronizedList(new ArrayList<>());

    private ReplayServer server;
    private ExecutorService executor;
    private AnthropicProvider provider;

    @Before
    public void setUp() throws IOException {
        server = ReplayServer.start();
        executor = HttpStreamer.newExecutor("anthropic");
        provider = provider(Timeouts.ofSeconds(5, 10, 10));
    }

    private AnthropicProvider provider(Timeouts timeouts) {
        if (provider != null) {
            provider.close();
        }
        ProviderSettings settings = ProviderSettings.builder("anthropic").displayName("Anthropic (test)")
                .baseUrl(server.baseUri() + "/").apiKey(Secret.of(KEY)).models(MODELS).timeouts(timeouts).build();
        provider = new AnthropicProvider(settings, executor);
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
                    "HTTP 401 authentication_error"));
        }
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.of(model, List.of(ChatMessage.user("Hello")));
    }

    private RecordingListener stream(String fixture, ChatRequest request) throws InterruptedException {
        server.enqueue(Fixture.resource("/fixtures/anthropic/" + fixture));
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
        RecordingListener listener = stream(fixture, hello("claude-haiku-4-5"));
        assertEquals("no onStart before an HTTP error: " + listener.events(), 1, listener.events().size());
        ProviderException e = listener.error();
        assertEquals("anthropic", e.providerId());
        return e;
    }

    @Test
    public void plainTextStream() throws InterruptedException {
        RecordingListener listener = stream("text.sse", hello("claude-haiku-4-5"));
        assertEquals(List.of(
                new Start(new ResponseInfo("anthropic", "claude-haiku-4-5-20251001", false)),
                new TextDelta("Hello"), new TextDelta("! How can I help"), new TextDelta(" you today?"),
                new UsageEvent(new Usage(25, 12, 0)),
                new Complete(StopReason.END_TURN)), listener.events());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void toolCallStreamReassemblesArgumentsExactly() throws InterruptedException {
        RecordingListener listener = stream("tool-use.sse", hello("claude-sonnet-5-5"));
        assertEquals("I'll check the weather and the time.", listener.text());
        assertEquals(List.of(new ToolStart(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
                new ToolStart(1, "toolu_01VjLxtbKB3b3BCTjwCm3Dsa", "get_time"),
                new ToolStart(2, "toolu_01NoArgs", "list_files")), listener.events(ToolStart.class));
        assertEquals("{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}", listener.arguments(0));
        assertEquals("{\"timezone\": \"America/Los_Angeles\"}", listener.arguments(1));
        assertEquals("{}", listener.arguments(2));
        assertEquals(List.of(new ToolEnd(0), new ToolEnd(1), new ToolEnd(2)), listener.events(ToolEnd.class));
        // each call's deltas come between its start and its end
        List<RecordingListener.Event> events = listener.events();
        for (int i = 0; i < 3; i++) {
            int index = i;
            int start = events.indexOf(listener.events(ToolStart.class).get(i));
            int end = events.indexOf(new ToolEnd(i));
            assertTrue(events.stream().filter(e -> e instanceof ToolDelta d && d.index() == index)
                    .allMatch(e -> events.indexOf(e) > start && events.indexOf(e) < end));
        }
        assertEquals(StopReason.TOOL_USE, listener.reason());
        assertEquals(new Start(new ResponseInfo("anthropic", "claude-sonnet-5-5", false)), events.get(0));
    }

    @Test
    public void usageTakesInputFromMessageStartAndOutputFromMessageDelta() throws InterruptedException {
        RecordingListener listener = stream("tool-use.sse", hello("claude-sonnet-5-5"));
        List<UsageEvent> usage = listener.events(UsageEvent.class);
        assertEquals(1, usage.size());
        assertEquals(new Usage(572, 89, 100), usage.get(0).usage());
    }

    @Test
    public void badRequest400() throws InterruptedException {
        ProviderException e = failure("error-400.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("anthropic: HTTP 400 invalid_request_error: messages.1.content.0.tool_use_id: unexpected tool_use_id"
                + " found in tool_result blocks (request-id req_fixture_400)", e.getMessage());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void unauthorized401() throws InterruptedException {
        ProviderException e = failure("error-401.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals("anthropic: HTTP 401 authentication_error: invalid x-api-key (request-id req_fixture_401)",
                e.getMessage());
        assertEquals(Health.Status.DOWN, provider.health().status());
        MESSAGES.add(provider.health().message());
    }

    @Test
    public void rateLimited429WithRetryAfter() throws InterruptedException {
        ProviderException e = failure("error-429.json");
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(17), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage(), e.getMessage().startsWith("anthropic: HTTP 429 rate_limit_error: This request would"
                + " exceed the rate limit"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("; retry after 17 s"));
        assertEquals(Health.Status.DEGRADED, provider.health().status());
    }

    @Test
    public void serverError500IsUnavailable() throws InterruptedException {
        ProviderException e = failure("error-500.json");
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 500 api_error: Internal server error"));
    }

    @Test
    public void overloaded529() throws InterruptedException {
        ProviderException e = failure("error-529.json");
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals("anthropic: HTTP 529 overloaded_error: Overloaded (request-id req_fixture_529)", e.getMessage());
        assertTrue(e.kind().retryable());
        assertEquals(Health.Status.DEGRADED, provider.health().status());
        stream("text.sse", hello("claude-haiku-4-5"));
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void errorEventBeforeAnyTextIsOverloaded() throws InterruptedException {
        RecordingListener listener = stream("error-event-before-text.sse", hello("claude-haiku-4-5"));
        assertTrue(listener.events().get(0) instanceof Start);
        ProviderException e = listener.error();
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals("anthropic: stream error overloaded_error: Overloaded", e.getMessage());
    }

    @Test
    public void errorEventAfterTextIsCutMidStream() throws InterruptedException {
        RecordingListener listener = stream("error-event-mid-stream.sse", hello("claude-haiku-4-5"));
        assertEquals("Once upon", listener.text());
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("anthropic: stream error overloaded_error: Overloaded"));
        assertEquals(Kind.OVERLOADED, ((ProviderException) e.getCause()).kind());
    }

    @Test
    public void connectionCutAfterDeltasIsCutMidStream() throws InterruptedException {
        StreamScenarios.cutAfterFirstText(this::stream, "cut-after-deltas.sse", hello("claude-haiku-4-5"), "The answer is");
    }

    @Test
    public void connectionCutBeforeAnyDeltaIsUnavailable() throws InterruptedException {
        StreamScenarios.cutBeforeFirstText(this::stream, "cut-before-deltas.sse", hello("claude-haiku-4-5"), "/v1/messages");
    }

    @Test
    public void slowFirstByteIsUnavailableNamingTheTimeout() throws InterruptedException {
        provider(Timeouts.ofSeconds(5, 1, 10));
        StreamScenarios.slowFirstByte(this::stream, "slow-first-byte.sse", hello("claude-haiku-4-5"),
                "anthropic: POST " + server.baseUri() + "/v1/messages", 1);
    }

    @Test
    public void cancelMidStreamCompletesOnceAndClosesTheConnection() throws InterruptedException {
        StreamScenarios.cancelMidStream(provider, server, "/fixtures/anthropic/long-stream.sse", hello("claude-haiku-4-5"),
                new ResponseInfo("anthropic", "claude-haiku-4-5-20251001", false), "Counting: 1", provider::activeStreams);
    }

    @Test
    public void requestWireFormat() throws InterruptedException, IOException {
        ChatRequest request = new ChatRequest("claude-sonnet-5-5", "You are a careful assistant.", List.of(
                new ChatMessage(ChatRole.USER, List.of(
                        new ContentPart.Text("What is in this picture, and what is the weather there?"),
                        new ContentPart.Image("image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Text("A beach. Let me check the weather."),
                        new ContentPart.ToolCall("toolu_01A", "get_weather", "{\"location\": \"Nice, FR\"}"),
                        new ContentPart.ToolCall("toolu_01B", "get_time", ""))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("toolu_01A", "21°C, sunny", false),
                        new ContentPart.ToolResult("toolu_01B", "clock unavailable", true))),
                ChatMessage.user("Summarise, please.")),
                List.of(new ToolDefinition("get_weather", "Current weather at a place",
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"),
                        new ToolDefinition("get_time", "", null)),
                2048, 0.2);
        stream("text.sse", request);
        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.method());
        assertEquals("/v1/messages", sent.path());
        assertEquals(KEY, sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        assertEquals("application/json", sent.header("content-type"));
        assertEquals("text/event-stream", sent.header("accept"));
        assertNull("no bearer token", sent.header("authorization"));
        assertFalse("the key is only in its header", sent.bodyText().contains(KEY));
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/anthropic/request-expected.json")) {
            assertNotNull(in);
            expected = new ObjectMapper().readTree(in);
        }
        assertEquals(expected, sent.json());
    }

    @Test
    public void minimalRequestLeavesOptionalFieldsOut() throws InterruptedException {
        stream("text.sse", hello("claude-haiku-4-5"));
        JsonNode sent = server.takeRequest().json();
        assertEquals("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"Hello\"}]}],\"stream\":true}", sent.toString());
    }

    @Test
    public void requestsInvalidOnTheirFaceAreRefusedBeforeSending() {
        assertBadRequest("unknown model 'gpt-5'; this provider serves claude-sonnet-5-5, claude-haiku-4-5, text-only",
                hello("gpt-5"));
        assertBadRequest("model 'text-only' does not accept images (it lacks the VISION capability)",
                ChatRequest.of("text-only", List.of(new ChatMessage(ChatRole.USER,
                        List.of(new ContentPart.Text("see"), new ContentPart.Image("image/png", "AAAA"))))));
        assertBadRequest("model 'text-only' does not support tools", new ChatRequest("text-only", "", List.of(
                ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", null)), 100, null));
        assertBadRequest("tool 't': parametersSchema is not valid JSON", new ChatRequest("claude-haiku-4-5", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", "{not json")), 100, null));
        assertBadRequest("tool 't': parametersSchema must be a JSON object", new ChatRequest("claude-haiku-4-5", "",
                List.of(ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", "[]")), 100, null));
        assertBadRequest("an image of type 'image/bmp'", ChatRequest.of("claude-haiku-4-5", List.of(new ChatMessage(
                ChatRole.USER, List.of(new ContentPart.Image("image/bmp", "AAAA"))))));
        assertBadRequest("message 1 (USER) has a tool call", ChatRequest.of("claude-haiku-4-5", List.of(
                new ChatMessage(ChatRole.USER, List.of(new ContentPart.ToolCall("c", "t", "{}"))))));
        assertBadRequest("message 1 (ASSISTANT) has a tool result", ChatRequest.of("claude-haiku-4-5", List.of(
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolResult("c", "x", false))))));
        assertBadRequest("the arguments of tool call 'c' is not valid JSON", ChatRequest.of("claude-haiku-4-5", List.of(
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolCall("c", "t", "{\"a\":"))))));
        assertBadRequest("the request has no message with content", ChatRequest.of("claude-haiku-4-5",
                List.of(ChatMessage.user(""))));
        assertTrue(server.requests().isEmpty());
    }

    private void assertBadRequest(String part, ChatRequest request) {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.stream(request, new RecordingListener()));
        MESSAGES.add(e.getMessage());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("anthropic: "));
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }

    @Test
    public void withoutKeyTheProviderIsDownAndStreamsFailUnauthorized() throws InterruptedException {
        provider.close();
        ProviderSettings settings = ProviderSettings.builder("anthropic").baseUrl(server.baseUri().toString())
                .apiKey("", "CODITECT_TEST_UNSET_VARIABLE", name -> null).models(MODELS).build();
        provider = new AnthropicProvider(settings, executor);
        assertEquals(Health.down("no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)"), provider.health());
        RecordingListener listener = new RecordingListener();
        provider.stream(hello("claude-haiku-4-5"), listener);
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(Kind.UNAUTHORIZED, listener.error().kind());
        assertEquals("anthropic: no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)", listener.error().getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    public void describesItselfWithoutTheKey() {
        assertEquals("anthropic", provider.id());
        assertEquals("Anthropic (test)", provider.displayName());
        assertFalse(provider.offline());
        assertEquals(3, provider.models().size());
        assertFalse(provider.toString().contains(KEY));
    }
}
