package io.coditect.studio.provider.offline.internal;

import io.coditect.studio.provider.support.testing.RecordingListener;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.provider.support.testing.RecordingListener.Complete;
import io.coditect.studio.provider.support.testing.RecordingListener.Error;
import io.coditect.studio.provider.support.testing.RecordingListener.Event;
import io.coditect.studio.provider.support.testing.RecordingListener.Start;
import io.coditect.studio.provider.support.testing.RecordingListener.TextDelta;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolDelta;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolEnd;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolStart;
import io.coditect.studio.provider.support.testing.RecordingListener.UsageEvent;
import org.junit.After;
import org.junit.Test;

public class OfflineProviderTest {

    private static final String MODEL = "offline-echo";
    private static final List<ToolDefinition> TOOLS = List.of(
            new ToolDefinition("run_command", "Runs a shell command", null),
            new ToolDefinition("read_file", "Reads a file", null));

    private final ScheduledExecutorService executor = OfflineProvider.newExecutor();
    private OfflineProvider provider = new OfflineProvider(executor, 1);

    @After
    public void tearDown() throws InterruptedException {
        provider.close();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    private static ChatRequest request(String userText) {
        return new ChatRequest(MODEL, "You are helpful.", List.of(ChatMessage.user(userText)), TOOLS, 4096, null);
    }

    /** Streams {@code request}, waits for its end and for the executor to fall idle, checks the contract. */
    private RecordingListener run(ChatRequest request) throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        provider.stream(request, listener);
        return finish(listener);
    }

    private RecordingListener finish(RecordingListener listener) throws InterruptedException {
        listener.awaitEnd();
        executor.shutdown();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
        listener.assertWellFormed();
        assertEquals(0, provider.activeStreams());
        return listener;
    }

    private static void assertStartsOffline(RecordingListener listener) {
        Event first = listener.events().get(0);
        assertTrue("first event must be onStart: " + listener.events(), first instanceof Start);
        Start start = (Start) first;
        assertTrue(start.info().offline());
        assertEquals("offline", start.info().providerId());
        assertEquals(MODEL, start.info().model());
    }

    private static void assertEndsWith(RecordingListener listener, StopReason reason) {
        List<Event> events = listener.events();
        assertEquals(new Complete(reason), events.get(events.size() - 1));
        assertTrue("usage must precede the end: " + events, events.get(events.size() - 2) instanceof UsageEvent);
    }

    @Test
    public void describesItselfAsOffline() {
        assertEquals("offline", provider.id());
        assertEquals("Offline (no LLM)", provider.displayName());
        assertTrue(provider.offline());
        assertEquals(Health.up("offline provider: answers are simulated"), provider.health());
        List<ModelInfo> models = provider.models();
        assertEquals(1, models.size());
        ModelInfo model = models.get(0);
        assertEquals(MODEL, model.id());
        assertEquals(200_000, model.contextWindow());
        for (Capability c : List.of(Capability.CHAT, Capability.CODE, Capability.TOOLS, Capability.LONG_CONTEXT)) {
            assertTrue(c.name(), model.supports(c));
        }
        assertFalse(model.supports(Capability.VISION));
        assertEquals(0, model.inputPricePerMTok().signum());
        assertEquals(0, model.outputPricePerMTok().signum());
    }

    @Test
    public void textAnswerIsStreamedInSeveralDeltasAndMarkedOffline() throws InterruptedException {
        RecordingListener listener = run(request("What is the capital of France?"));

        assertStartsOffline(listener);
        assertEndsWith(listener, StopReason.END_TURN);
        List<TextDelta> deltas = listener.events(TextDelta.class);
        assertTrue(deltas.size() > 5);
        String text = listener.text();
        assertTrue(text, text.contains("offline provider"));
        assertTrue(text, text.contains("no LLM was contacted"));
        assertTrue(text, text.contains("configure an LLM provider"));
        assertTrue(text, text.contains("> What is the capital of France?"));
        UsageEvent usage = listener.events(UsageEvent.class).get(0);
        assertEquals(deltas.size(), usage.usage().outputTokens());
        assertTrue(usage.usage().inputTokens() > 0);
        assertTrue(listener.events(ToolStart.class).isEmpty());
    }

    @Test
    public void answersAreDeterministicAlsoWithoutDelay() throws InterruptedException {
        RecordingListener first = run(request("same question"));
        ScheduledExecutorService other = OfflineProvider.newExecutor();
        try {
            OfflineProvider fast = new OfflineProvider(other, 0);
            RecordingListener second = new RecordingListener();
            fast.stream(request("same question"), second);
            second.awaitEnd();
            second.assertWellFormed();
            assertEquals(first.events(), second.events());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    public void toolTriggerEmitsTheCallWithItsExactJson() throws InterruptedException {
        String json = "{\"command\": \"echo hi\", \"env\": {\"A\": [1, 2.5e3, true, null]}, \"note\": \"caf\\u00e9 ✓\"}";
        RecordingListener listener = run(request("Please run this.\n/tool run_command " + json + "\n"));

        assertStartsOffline(listener);
        assertEndsWith(listener, StopReason.TOOL_USE);
        assertEquals(List.of(new ToolStart(0, "offline-call-1", "run_command")), listener.events(ToolStart.class));
        assertEquals(List.of(new ToolEnd(0)), listener.events(ToolEnd.class));
        assertTrue(listener.events(ToolDelta.class).size() > 1);
        assertEquals(json, listener.arguments(0));

        // order: start, deltas, end
        List<Event> events = listener.events();
        int start = events.indexOf(new ToolStart(0, "offline-call-1", "run_command"));
        int end = events.indexOf(new ToolEnd(0));
        for (int i = start + 1; i < end; i++) {
            assertTrue(events.get(i) instanceof ToolDelta);
        }
        assertTrue(events.subList(0, start).stream().allMatch(e -> e instanceof Start || e instanceof TextDelta));
    }

    @Test
    public void twoTriggersEmitTwoCallsInOrder() throws InterruptedException {
        RecordingListener listener = run(request(
                "/tool run_command {\"command\":\"ls\"}\n  /tool read_file {\"path\":\"README.md\"}  "));

        assertEndsWith(listener, StopReason.TOOL_USE);
        List<ToolStart> starts = listener.events(ToolStart.class);
        assertEquals(2, starts.size());
        assertEquals(new ToolStart(0, "offline-call-1", "run_command"), starts.get(0));
        assertEquals(new ToolStart(1, "offline-call-2", "read_file"), starts.get(1));
        assertEquals("{\"command\":\"ls\"}", listener.arguments(0));
        assertEquals("{\"path\":\"README.md\"}", listener.arguments(1));
        List<Event> events = listener.events();
        assertTrue(events.indexOf(new ToolEnd(0)) < events.indexOf(starts.get(1)));
        long output = listener.events(TextDelta.class).size() + listener.events(ToolDelta.class).size();
        assertEquals(output, listener.events(UsageEvent.class).get(0).usage().outputTokens());
    }

    @Test
    public void callIdsDoNotRepeatIdsOfTheConversation() throws InterruptedException {
        List<ChatMessage> messages = List.of(
                ChatMessage.user("/tool run_command {\"command\":\"ls\"}"),
                new ChatMessage(ChatRole.ASSISTANT,
                        List.of(new ContentPart.ToolCall("offline-call-1", "run_command", "{\"command\":\"ls\"}"))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("offline-call-1", "a\nb", false))),
                ChatMessage.assistant("done"),
                ChatMessage.user("/tool run_command {\"command\":\"pwd\"}"));
        RecordingListener listener = run(new ChatRequest(MODEL, "", messages, TOOLS, 1024, null));

        assertEquals(List.of(new ToolStart(0, "offline-call-2", "run_command")), listener.events(ToolStart.class));
    }

    @Test
    public void anyToolNameIsAcceptedWhenTheRequestOffersNoToolsAndMissingJsonIsEmpty() throws InterruptedException {
        RecordingListener listener = run(ChatRequest.of(MODEL, List.of(ChatMessage.user("/tool list_files"))));

        assertEndsWith(listener, StopReason.TOOL_USE);
        assertEquals(List.of(new ToolStart(0, "offline-call-1", "list_files")), listener.events(ToolStart.class));
        assertEquals("{}", listener.arguments(0));
    }

    @Test
    public void unknownToolIsAnsweredWithTextListingTheAvailableTools() throws InterruptedException {
        RecordingListener listener = run(request("/tool delete_everything {}"));

        assertStartsOffline(listener);
        assertEndsWith(listener, StopReason.END_TURN);
        assertTrue(listener.events(ToolStart.class).isEmpty());
        String text = listener.text();
        assertTrue(text, text.contains("Unknown tool \"delete_everything\""));
        assertTrue(text, text.contains("Available tools: run_command, read_file."));
    }

    @Test
    public void invalidJsonIsAnsweredWithText() throws InterruptedException {
        for (String bad : List.of("{'command': 'ls'}", "[1, 2]", "{\"command\": \"ls\"", "{\"a\":1} trailing")) {
            ScheduledExecutorService ex = OfflineProvider.newExecutor();
            try {
                OfflineProvider p = new OfflineProvider(ex, 0);
                RecordingListener listener = new RecordingListener();
                p.stream(request("/tool run_command " + bad), listener);
                listener.awaitEnd();
                listener.assertWellFormed();
                assertEquals(bad, new Complete(StopReason.END_TURN), listener.last());
                assertTrue(bad, listener.events(ToolStart.class).isEmpty());
                assertTrue(listener.text(), listener.text().contains("not a valid JSON object"));
            } finally {
                ex.shutdownNow();
            }
        }
    }

    @Test
    public void oneBadTriggerMeansNoCallAtAll() throws InterruptedException {
        RecordingListener listener = run(request("/tool run_command {\"command\":\"ls\"}\n/tool nope {}"));

        assertEndsWith(listener, StopReason.END_TURN);
        assertTrue(listener.events(ToolStart.class).isEmpty());
        assertTrue(listener.text().contains("\"nope\""));
    }

    @Test
    public void toolResultTurnIsSummarised() throws InterruptedException {
        List<ChatMessage> messages = List.of(
                ChatMessage.user("/tool run_command {\"command\":\"echo hi\"}\n/tool read_file {\"path\":\"x\"}"),
                new ChatMessage(ChatRole.ASSISTANT, List.of(
                        new ContentPart.ToolCall("offline-call-1", "run_command", "{\"command\":\"echo hi\"}"),
                        new ContentPart.ToolCall("offline-call-2", "read_file", "{\"path\":\"x\"}"))),
                new ChatMessage(ChatRole.TOOL, List.of(
                        new ContentPart.ToolResult("offline-call-1", "hi\nline two\nline three\nline four\nline five", false),
                        new ContentPart.ToolResult("offline-call-2", "x: no such file", true))));
        RecordingListener listener = run(new ChatRequest(MODEL, "", messages, TOOLS, 4096, null));

        assertStartsOffline(listener);
        assertEndsWith(listener, StopReason.END_TURN);
        assertTrue(listener.events(ToolStart.class).isEmpty());
        String text = listener.text();
        assertTrue(text, text.contains("offline provider"));
        assertTrue(text, text.contains("Received 2 tool results"));
        assertTrue(text, text.contains("run_command (offline-call-1): ok, 5 lines"));
        assertTrue(text, text.contains("> hi\n"));
        assertTrue(text, text.contains("> line three\n"));
        assertFalse(text, text.contains("line four"));
        assertTrue(text, text.contains("(2 more lines)"));
        assertTrue(text, text.contains("read_file (offline-call-2): ERROR, 1 line"));
        assertTrue(text, text.contains("> x: no such file"));
    }

    @Test
    public void failRateLimitedReportsTheKindAndRetryAfter() throws InterruptedException {
        RecordingListener listener = run(request("/fail rate_limited"));

        assertEquals(1, listener.events().size());
        ProviderException error = ((Error) listener.last()).error();
        assertEquals(ProviderException.Kind.RATE_LIMITED, error.kind());
        assertEquals(Optional.of(Duration.ofSeconds(1)), error.retryAfter());
        assertEquals("offline", error.providerId());
    }

    @Test
    public void failKindIsCaseInsensitive() throws InterruptedException {
        RecordingListener listener = run(request("hello\n/fail OVERLOADED\nbye"));

        ProviderException error = ((Error) listener.last()).error();
        assertEquals(ProviderException.Kind.OVERLOADED, error.kind());
        assertEquals(Optional.empty(), error.retryAfter());
    }

    @Test
    public void failWinsOverTool() throws InterruptedException {
        RecordingListener listener = run(request("/tool run_command {}\n/fail unavailable"));

        assertEquals(ProviderException.Kind.UNAVAILABLE, ((Error) listener.last()).error().kind());
        assertTrue(listener.events(ToolStart.class).isEmpty());
    }

    @Test
    public void failCutMidStreamSendsDeltasThenTheError() throws InterruptedException {
        RecordingListener listener = run(request("/fail cut_mid_stream"));

        assertStartsOffline(listener);
        List<Event> events = listener.events();
        assertTrue(events.size() >= 3);
        for (Event e : events.subList(1, events.size() - 1)) {
            assertTrue(events.toString(), e instanceof TextDelta);
        }
        assertEquals(ProviderException.Kind.CUT_MID_STREAM, ((Error) listener.last()).error().kind());
    }

    @Test
    public void unknownFailKindIsAnsweredWithText() throws InterruptedException {
        RecordingListener listener = run(request("/fail meltdown"));

        assertEndsWith(listener, StopReason.END_TURN);
        assertTrue(listener.text(), listener.text().contains("unknown failure kind \"meltdown\""));
        assertTrue(listener.text(), listener.text().contains("rate_limited"));
    }

    @Test
    public void cancelMidStreamEndsWithCancelledExactlyOnce() throws InterruptedException {
        CountDownLatch inFirstDelta = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().onEvent(e -> {
            if (e instanceof TextDelta && inFirstDelta.getCount() > 0) {
                inFirstDelta.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        StreamHandle handle = provider.stream(request("tell me a long story about offline providers"), listener);
        assertTrue(inFirstDelta.await(30, TimeUnit.SECONDS));
        handle.cancel();
        handle.cancel();
        release.countDown();
        finish(listener);
        handle.cancel();

        List<Event> events = listener.events();
        assertEquals(new Complete(StopReason.CANCELLED), listener.last());
        assertEquals(3, events.size()); // start, the one delta in progress, cancelled
        assertEquals(1, listener.events(TextDelta.class).size());
    }

    @Test
    public void cancelWhileWaitingForTheNextTokenIsPrompt() throws InterruptedException {
        provider = new OfflineProvider(executor, 600_000); // the next token would come in ten minutes
        CountDownLatch started = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().onEvent(e -> started.countDown());
        StreamHandle handle = provider.stream(request("hello"), listener);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        handle.cancel();
        finish(listener);

        assertEquals(2, listener.events().size());
        assertEquals(new Complete(StopReason.CANCELLED), listener.last());
    }

    @Test
    public void cancelAfterTheEndChangesNothing() throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        StreamHandle handle = provider.stream(request("hi"), listener);
        listener.awaitEnd();
        handle.cancel();
        finish(listener);

        assertEquals(new Complete(StopReason.END_TURN), listener.last());
    }

    @Test
    public void closingTheProviderEndsRunningStreamsAndRefusesNewOnes() throws InterruptedException {
        provider = new OfflineProvider(executor, 600_000);
        CountDownLatch started = new CountDownLatch(1);
        RecordingListener running = new RecordingListener().onEvent(e -> started.countDown());
        provider.stream(request("hello"), running);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        provider.close();
        RecordingListener late = new RecordingListener();
        provider.stream(request("hello again"), late);
        finish(running);
        late.assertWellFormed();

        assertEquals(ProviderException.Kind.UNAVAILABLE, ((Error) running.last()).error().kind());
        assertEquals(1, late.events().size());
        assertEquals(ProviderException.Kind.UNAVAILABLE, ((Error) late.last()).error().kind());
    }

    @Test
    public void unknownModelIsABadRequest() {
        RecordingListener listener = new RecordingListener();
        try {
            provider.stream(ChatRequest.of("gpt-9", List.of(ChatMessage.user("hi"))), listener);
            fail("expected a ProviderException");
        } catch (ProviderException e) {
            assertEquals(ProviderException.Kind.BAD_REQUEST, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("gpt-9"));
            assertTrue(e.getMessage(), e.getMessage().contains("offline-echo"));
        }
        assertTrue(listener.events().isEmpty());
    }

    @Test
    public void maxTokensCutsTheAnswer() throws InterruptedException {
        RecordingListener listener = run(new ChatRequest(MODEL, "", List.of(ChatMessage.user("hi")), List.of(), 5, null));

        assertEndsWith(listener, StopReason.MAX_TOKENS);
        assertEquals(5, listener.events(TextDelta.class).size());
        assertEquals(5, listener.events(UsageEvent.class).get(0).usage().outputTokens());
    }

    @Test
    public void noUserMessageStillAnswers() throws InterruptedException {
        RecordingListener listener = run(ChatRequest.of(MODEL, List.of()));

        assertEndsWith(listener, StopReason.END_TURN);
        assertTrue(listener.text().contains("no new user message"));
    }

    @Test
    public void aFailingListenerStillGetsItsTerminalEvent() throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        RecordingListener listener = new RecordingListener().onEvent(e -> {
            seen.add(e);
            if (e instanceof TextDelta) {
                throw new IllegalStateException("listener bug (expected in this test)");
            }
        });
        provider.stream(request("hi"), listener);
        finish(listener);

        assertEquals(new Complete(StopReason.END_TURN), listener.last());
        assertNotEquals(0, seen.size());
    }
}
