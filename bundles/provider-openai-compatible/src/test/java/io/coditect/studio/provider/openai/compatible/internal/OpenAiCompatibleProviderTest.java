package io.coditect.studio.provider.openai.compatible.internal;

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
 * Conformance of the OpenAI-compatible adapter against the replay server and fixtures in OpenAI's
 * Chat Completions streaming format and the variants of vLLM, Ollama and llama.cpp
 * (src/test/resources/fixtures/compatible). By default the provider has no key, as for a local
 * Ollama; tests that need one (vLLM with --api-key, a gateway) create a keyed provider. No timing
 * is asserted: waits are generous and only there to avoid hangs.
 */
public class OpenAiCompatibleProviderTest {

    /** A made-up key; it must show up in the Authorization header and nowhere else. */
    static final String KEY = "sk-local-TEST-ONLY-8e41b7c2d9f06a35-DO-NOT-LEAK";

    private static final String MODELS = "qwen2.5-7b-instruct|Qwen 2.5 7B|CHAT,CODE,TOOLS|32768||;"
            + "llava:13b|LLaVA 13B|CHAT,VISION|4096||;"
            + "tiny|Tiny|CHAT|2048|0.1|0.2";

    /** Every failure message seen by any test of this class, checked for the key at the end. */
    private static final List<String> MESSAGES = Collections.synchronizedList(new ArrayList<>());

    private ReplayServer server;
    private ExecutorService executor;
    private ChatCompletionsProvider provider;

    @Before
    public void setUp() throws IOException {
        server = ReplayServer.start();
        executor = HttpStreamer.newExecutor("local");
        provider(null, Timeouts.ofSeconds(5, 10, 10));
    }

    /** A provider at the replay server; {@code key} null for none (then none is required). */
    private ChatCompletionsProvider provider(String key, Timeouts timeouts) {
        if (provider != null) {
            provider.close();
        }
        ProviderSettings.Builder builder = ProviderSettings.builder("local").displayName("Local (test)")
                .baseUrl(server.baseUri() + "/v1").models(MODELS).timeouts(timeouts);
        if (key != null) {
            builder.apiKey(Secret.of(key));
        }
        provider = new ChatCompletionsProvider(builder.build(), new OpenAiCompatibleDialect(key != null, "max_tokens",
                true), executor);
        return provider;
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
            assertTrue("the log does not show the failures, so the check proves nothing", log.contains("HTTP 401"));
        }
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.of(model, List.of(ChatMessage.user("Hello")));
    }

    private RecordingListener stream(String fixture, ChatRequest request) throws InterruptedException {
        return stream(Fixture.resource("/fixtures/compatible/" + fixture), request);
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
        }
        return listener;
    }

    private ProviderException failure(String fixture) throws InterruptedException {
        RecordingListener listener = stream(fixture, hello("qwen2.5-7b-instruct"));
        assertEquals("no onStart before an HTTP error: " + listener.events(), 1, listener.events().size());
        ProviderException e = listener.error();
        assertEquals("local", e.providerId());
        return e;
    }

    @Test
    public void plainTextStreamWithUsage() throws InterruptedException {
        RecordingListener listener = stream("text.sse", hello("qwen2.5-7b-instruct"));
        assertEquals(List.of(
                new Start(new ResponseInfo("local", "qwen2.5-7b-instruct", false)),
                new TextDelta("Hello"), new TextDelta("! How can I help"), new TextDelta(" you today?"),
                new UsageEvent(new Usage(25, 12, 16)),
                new Complete(StopReason.END_TURN)), listener.events());
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void noKeyConfiguredMeansNoAuthorizationHeaderAndUp() throws InterruptedException {
        assertEquals(Health.up(), provider.health());
        stream("text.sse", hello("qwen2.5-7b-instruct"));
        RecordedRequest sent = server.takeRequest();
        assertEquals("/v1/chat/completions", sent.path());
        assertNull("no Authorization header without a key", sent.header("authorization"));
        assertEquals("application/json", sent.header("content-type"));
        assertEquals("text/event-stream", sent.header("accept"));
    }

    @Test
    public void aConfiguredKeyIsSentAsBearerOnly() throws InterruptedException {
        provider(KEY, Timeouts.ofSeconds(5, 10, 10));
        stream("text.sse", hello("qwen2.5-7b-instruct"));
        RecordedRequest sent = server.takeRequest();
        assertEquals("Bearer " + KEY, sent.header("authorization"));
        assertFalse(sent.bodyText().contains(KEY));
        assertFalse(provider.toString().contains(KEY));
    }

    @Test
    public void withoutUsageAndWithoutFinishReasonTheStreamEndsAtDone() throws InterruptedException {
        RecordingListener listener = stream("text-no-usage.sse", hello("tiny"));
        assertEquals(List.of(new Start(new ResponseInfo("local", "gpt-3.5-turbo", false)), new TextDelta("Forty"),
                new TextDelta("-two."), new Complete(StopReason.END_TURN)), listener.events());
        assertTrue("no usage is invented", listener.events(UsageEvent.class).isEmpty());
    }

    @Test
    public void aBodyEndingAfterTheFinishReasonWithoutDoneCompletes() throws InterruptedException {
        RecordingListener listener = stream("no-done.sse", hello("tiny"));
        assertEquals("Short answer", listener.text());
        assertEquals(StopReason.MAX_TOKENS, listener.reason());
    }

    @Test
    public void toolCallStreamReassemblesParallelCallsExactly() throws InterruptedException {
        RecordingListener listener = stream("tool-calls.sse", hello("qwen2.5-7b-instruct"));
        assertEquals("", listener.text());
        assertEquals(List.of(new ToolStart(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"),
                new ToolStart(1, "call_ABtRXlsfXyJ4nQ2CrNGu7K5p", "get_time")), listener.events(ToolStart.class));
        assertEquals("{\"location\": \"Paris, FR\"}", listener.arguments(0));
        assertEquals("{\"timezone\": \"Europe/Paris\"}", listener.arguments(1));
        assertEquals(List.of(new ToolEnd(0), new ToolEnd(1)), listener.events(ToolEnd.class));
        List<RecordingListener.Event> events = listener.events();
        for (int i = 0; i < 2; i++) {
            int index = i;
            int start = events.indexOf(listener.events(ToolStart.class).get(i));
            int end = events.indexOf(new ToolEnd(i));
            assertTrue(events.stream().filter(e -> e instanceof ToolDelta d && d.index() == index)
                    .allMatch(e -> events.indexOf(e) > start && events.indexOf(e) < end));
        }
        assertEquals(List.of(new UsageEvent(new Usage(82, 41, 0))), listener.events(UsageEvent.class));
        assertEquals(StopReason.TOOL_USE, listener.reason());
        assertEquals(new Start(new ResponseInfo("local", "gpt-4.1-mini", false)), events.get(0));
    }

    @Test
    public void ollamaStyleWholeToolCallsWithStopAreToolUse() throws InterruptedException {
        RecordingListener listener = stream("tool-calls-ollama.sse", hello("qwen2.5-7b-instruct"));
        assertEquals(List.of(new ToolStart(0, "call_k4b1x9vz", "get_weather"), new ToolStart(1, "call_q8w2m0ha",
                "get_time")), listener.events(ToolStart.class));
        assertEquals("{\"location\":\"Paris, FR\"}", listener.arguments(0));
        assertEquals("{}", listener.arguments(1));
        assertEquals(List.of(new UsageEvent(new Usage(140, 38, 0))), listener.events(UsageEvent.class));
        assertEquals(StopReason.TOOL_USE, listener.reason());
    }

    @Test
    public void badRequest400() throws InterruptedException {
        ProviderException e = failure("error-400.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("local: HTTP 400 BadRequestError: This model's maximum"
                + " context length is 32768 tokens."));
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void unauthorized401() throws InterruptedException {
        provider(KEY, Timeouts.ofSeconds(5, 10, 10));
        ProviderException e = failure("error-401.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals("local: HTTP 401 Unauthorized", e.getMessage());
        assertEquals(Health.Status.DOWN, provider.health().status());
        MESSAGES.add(provider.health().message());
    }

    @Test
    public void aKeyEchoedByTheServerIsRedacted() throws InterruptedException {
        provider(KEY, Timeouts.ofSeconds(5, 10, 10));
        RecordingListener listener = stream(Fixture.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"),
                hello("qwen2.5-7b-instruct"));
        ProviderException e = listener.error();
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals("local: HTTP 401 invalid_request_error: Incorrect API key provided: ****.", e.getMessage());
        assertFalse(provider.health().message().contains(KEY));
    }

    @Test
    public void unknownModel404IsBadRequest() throws InterruptedException {
        ProviderException e = failure("error-404.json");
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("local: HTTP 404 api_error: model \"llama9\" not found, try pulling it first", e.getMessage());
    }

    @Test
    public void rateLimited429WithRetryAfter() throws InterruptedException {
        ProviderException e = failure("error-429.json");
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(20), e.retryAfter().orElseThrow());
        assertEquals("local: HTTP 429 requests: Rate limit reached for requests per min. Please try again in 20s."
                + " (request-id req_fixture_429); retry after 20 s", e.getMessage());
        assertEquals(Health.Status.DEGRADED, provider.health().status());
    }

    @Test
    public void insufficientQuota429IsUnauthorized() throws InterruptedException {
        ProviderException e = failure("error-429-quota.json");
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("local: HTTP 429 insufficient_quota: You exceeded"));
    }

    @Test
    public void serverError500WithAPlainTextBody() throws InterruptedException {
        ProviderException e = failure("error-500.json");
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals("local: HTTP 500 Internal Server Error", e.getMessage());
    }

    @Test
    public void modelLoading503IsUnavailable() throws InterruptedException {
        ProviderException e = failure("error-503.json");
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.kind().retryable());
        assertEquals("local: HTTP 503 unavailable_error: Loading model", e.getMessage());
        stream("text.sse", hello("qwen2.5-7b-instruct"));
        assertEquals(Health.up(), provider.health());
    }

    @Test
    public void errorInTheStreamBeforeTextKeepsItsKind() throws InterruptedException {
        RecordingListener listener = stream("error-event-before-text.sse", hello("qwen2.5-7b-instruct"));
        ProviderException e = listener.error();
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("local: stream error BadRequestError: This model's maximum"));
        assertTrue(listener.events(TextDelta.class).isEmpty());
    }

    @Test
    public void errorInTheStreamAfterTextIsCutMidStream() throws InterruptedException {
        RecordingListener listener = stream("error-event-mid-stream.sse", hello("qwen2.5-7b-instruct"));
        assertEquals("Once upon", listener.text());
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("local: stream error server_error: The server had an error"));
        assertEquals(Kind.UNAVAILABLE, ((ProviderException) e.getCause()).kind());
    }

    @Test
    public void connectionCutAfterTextIsCutMidStream() throws InterruptedException {
        StreamScenarios.cutAfterFirstText(this::stream, "cut-after-text.sse", hello("qwen2.5-7b-instruct"), "The answer is");
    }

    @Test
    public void connectionCutBeforeAnyTextIsRetryable() throws InterruptedException {
        StreamScenarios.cutBeforeFirstText(this::stream, "cut-before-text.sse", hello("qwen2.5-7b-instruct"), "/v1/chat/completions");
    }

    @Test
    public void slowFirstByteIsUnavailableNamingTheTimeout() throws InterruptedException {
        provider(null, Timeouts.ofSeconds(5, 1, 10));
        StreamScenarios.slowFirstByte(this::stream, "slow-first-byte.sse", hello("qwen2.5-7b-instruct"),
                "local: POST " + server.baseUri() + "/v1/chat/completions", 1);
    }

    @Test
    public void cancelMidStreamCompletesOnceAndClosesTheConnection() throws InterruptedException {
        StreamScenarios.cancelMidStream(provider, server, "/fixtures/compatible/long-stream.sse", hello("qwen2.5-7b-instruct"),
                new ResponseInfo("local", "qwen2.5-7b-instruct", false), "Counting: 1", provider::activeStreams);
    }

    @Test
    public void requestWireFormat() throws InterruptedException, IOException {
        ChatRequest request = new ChatRequest("qwen2.5-7b-instruct", "You are a careful assistant.", List.of(
                ChatMessage.user("What is the weather in Paris, and what time is it there?"),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Text("Let me check."),
                        new ContentPart.ToolCall("call_1", "get_weather", "{\"location\": \"Paris, FR\"}"),
                        new ContentPart.ToolCall("call_2", "get_time", ""))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("call_1", "21°C, sunny", false),
                        new ContentPart.ToolResult("call_2", "clock unavailable", true))),
                ChatMessage.user("Summarise, please.")),
                List.of(new ToolDefinition("get_weather", "Current weather at a place",
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"),
                        new ToolDefinition("get_time", "", null)),
                2048, 1.3);
        stream("text.sse", request);
        RecordedRequest sent = server.takeRequest();
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/compatible/request-expected.json")) {
            assertNotNull(in);
            expected = new ObjectMapper().readTree(in);
        }
        assertEquals(expected, sent.json());
    }

    @Test
    public void imagesGoAsDataUrlsToVisionModels() throws InterruptedException {
        stream("text.sse", ChatRequest.of("llava:13b", List.of(new ChatMessage(ChatRole.USER, List.of(
                new ContentPart.Text("Describe."), new ContentPart.Image("image/jpeg", "/9j/4AAQSkZJRg=="))))));
        assertEquals("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Describe.\"},{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/jpeg;base64,/9j/4AAQSkZJRg==\"}}]}]",
                server.takeRequest().json().get("messages").toString());
    }

    @Test
    public void theMaxTokensFieldAndUsageRequestAreConfigurable() throws InterruptedException {
        provider.close();
        ProviderSettings settings = ProviderSettings.builder("local").baseUrl(server.baseUri() + "/v1").models(MODELS)
                .build();
        provider = new ChatCompletionsProvider(settings, new OpenAiCompatibleDialect(false, "max_completion_tokens",
                false), executor);
        stream("text-no-usage.sse", hello("tiny"));
        assertEquals("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                + "\"max_completion_tokens\":1024,\"stream\":true}", server.takeRequest().json().toString());
    }

    @Test
    public void requestsInvalidOnTheirFaceAreRefusedBeforeSending() {
        assertBadRequest("unknown model 'gpt-5'; this provider serves qwen2.5-7b-instruct, llava:13b, tiny",
                hello("gpt-5"));
        assertBadRequest("model 'qwen2.5-7b-instruct' does not accept images (it lacks the VISION capability)",
                ChatRequest.of("qwen2.5-7b-instruct", List.of(new ChatMessage(ChatRole.USER,
                        List.of(new ContentPart.Text("see"), new ContentPart.Image("image/png", "AAAA"))))));
        assertBadRequest("model 'llava:13b' does not support tools", new ChatRequest("llava:13b", "", List.of(
                ChatMessage.user("hi")), List.of(new ToolDefinition("t", "", null)), 100, null));
        assertBadRequest("message 1 (USER) has a tool call", ChatRequest.of("tiny", List.of(
                new ChatMessage(ChatRole.USER, List.of(new ContentPart.ToolCall("c", "t", "{}"))))));
        assertBadRequest("the request has no message with content", ChatRequest.of("tiny", List.of(ChatMessage.user(""))));
        assertTrue(server.requests().isEmpty());
    }

    private void assertBadRequest(String part, ChatRequest request) {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.stream(request, new RecordingListener()));
        MESSAGES.add(e.getMessage());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("local: "));
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }

    @Test
    public void aKeyAskedForButMissingMakesTheProviderDown() throws InterruptedException {
        provider.close();
        ProviderSettings settings = ProviderSettings.builder("local").baseUrl(server.baseUri() + "/v1")
                .apiKey("", "CODITECT_TEST_UNSET_VARIABLE", name -> null).models(MODELS).build();
        provider = new ChatCompletionsProvider(settings, new OpenAiCompatibleDialect(true, "max_tokens", true), executor);
        assertEquals(Health.down("no API key: set apiKey or apiKeyEnv (the environment variable"
                + " CODITECT_TEST_UNSET_VARIABLE is not set)"), provider.health());
        RecordingListener listener = new RecordingListener();
        provider.stream(hello("tiny"), listener);
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(Kind.UNAUTHORIZED, listener.error().kind());
        assertTrue(server.requests().isEmpty());
    }
}
