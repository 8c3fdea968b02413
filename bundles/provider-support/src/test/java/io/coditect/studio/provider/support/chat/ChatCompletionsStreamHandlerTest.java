package io.coditect.studio.provider.support.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.Json;
import io.coditect.studio.provider.support.SseEvent;
import io.coditect.studio.provider.support.StreamSink;
import io.coditect.studio.provider.support.VendorError;
import io.coditect.studio.provider.support.testing.RecordingListener;
import io.coditect.studio.provider.support.testing.RecordingListener.Complete;
import io.coditect.studio.provider.support.testing.RecordingListener.Start;
import io.coditect.studio.provider.support.testing.RecordingListener.TextDelta;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolDelta;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolEnd;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolStart;
import io.coditect.studio.provider.support.testing.RecordingListener.UsageEvent;
import org.junit.Test;

/** The chunk mapping without HTTP, including the deviations of compatible servers. */
public class ChatCompletionsStreamHandlerTest {

    private final RecordingListener listener = new RecordingListener();
    private final StreamSink sink = new StreamSink("p", "m", listener, null);
    private final ChatCompletionsStreamHandler handler = new ChatCompletionsStreamHandler(ChatCompletionsDialect.STANDARD);

    private void data(String json) {
        handler.onEvent(new SseEvent(null, json, ""), sink);
    }

    private void done() {
        data("[DONE]");
    }

    private static String chunk(String choice) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m-1\",\"choices\":[" + choice + "]}";
    }

    @Test
    public void textUsageAndDone() {
        data(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}"));
        data(chunk("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}"));
        data(chunk("{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\",\"content\":null},\"finish_reason\":null}"));
        data(chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"));
        data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2,\"total_tokens\":11,\"prompt_tokens_details\":{\"cached_tokens\":4}}}");
        done();
        assertEquals(List.of(new Start(new ResponseInfo("p", "m-1", false)), new TextDelta("Hi"),
                new UsageEvent(new Usage(9, 2, 4)), new Complete(StopReason.END_TURN)), listener.events());
        listener.assertWellFormed();
    }

    @Test
    public void parallelToolCallsAreReassembledExactly() {
        data(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}"));
        data(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"loc\"}}]}}"));
        data(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}}"));
        data(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\": \\\"Nice\\\"}\"}},"
                + "{\"index\":1,\"function\":{\"arguments\":\"{\\\"tz\\\":\\\"UTC\\\"}\"}}]}}"));
        data(chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"));
        done();
        listener.assertWellFormed();
        assertEquals(List.of(new ToolStart(0, "call_a", "get_weather"), new ToolStart(1, "call_b", "get_time")),
                listener.events(ToolStart.class));
        assertEquals("{\"loc\": \"Nice\"}", listener.arguments(0));
        assertEquals("{\"tz\":\"UTC\"}", listener.arguments(1));
        assertEquals(List.of(new ToolEnd(0), new ToolEnd(1)), listener.events(ToolEnd.class));
        assertEquals(StopReason.TOOL_USE, listener.reason());
        assertTrue(listener.events(UsageEvent.class).isEmpty());
    }

    @Test
    public void wholeCallsWithoutIndexAndStopAsFinishReasonAreToolUse() {
        // an Ollama-style answer: each call complete in one fragment, arguments as an object, no index
        data(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_x\","
                + "\"function\":{\"name\":\"ls\",\"arguments\":{\"dir\":\"/tmp\"}}},{\"id\":\"call_y\","
                + "\"function\":{\"name\":\"pwd\",\"arguments\":\"\"}}]},\"finish_reason\":null}"));
        data(chunk("{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}"));
        done();
        listener.assertWellFormed();
        assertEquals(List.of(new ToolStart(0, "call_x", "ls"), new ToolStart(1, "call_y", "pwd")),
                listener.events(ToolStart.class));
        assertEquals("{\"dir\":\"/tmp\"}", listener.arguments(0));
        assertEquals("{}", listener.arguments(1));
        assertEquals(StopReason.TOOL_USE, listener.reason());
    }

    @Test
    public void repeatedIdsMissingIdsAndReusedIndexes() {
        // id and name repeated on every fragment (same call); a call without id; index 0 reused by a new id
        data(chunk("{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"\"}}]}}"));
        data(chunk("{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"k\\\":1}\"}}]}}"));
        data(chunk("{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}"));
        data(chunk("{\"delta\":{\"tool_calls\":[{\"index\":5,\"function\":{\"arguments\":\"{\\\"early\\\":\"}}]}}"));
        data(chunk("{\"delta\":{\"tool_calls\":[{\"index\":5,\"function\":{\"name\":\"h\",\"arguments\":\"true}\"}}]}}"));
        done();
        listener.assertWellFormed();
        assertEquals(List.of(new ToolStart(0, "a", "f"), new ToolStart(1, "b", "g"), new ToolStart(2, "call_2", "h")),
                listener.events(ToolStart.class));
        assertEquals("{\"k\":1}", listener.arguments(0));
        assertEquals("{}", listener.arguments(1));
        assertEquals("{\"early\":true}", listener.arguments(2));
        assertEquals(StopReason.TOOL_USE, listener.reason());
    }

    @Test
    public void eachCallsDeltasComeBetweenItsStartAndEnd() {
        parallelToolCallsAreReassembledExactly();
        List<RecordingListener.Event> events = listener.events();
        for (int i = 0; i < 2; i++) {
            int index = i;
            int start = events.indexOf(listener.events(ToolStart.class).get(i));
            int end = events.indexOf(new ToolEnd(i));
            assertTrue(events.stream().filter(e -> e instanceof ToolDelta d && d.index() == index)
                    .allMatch(e -> events.indexOf(e) > start && events.indexOf(e) < end));
        }
    }

    @Test
    public void usageInsideTheChoiceAndNoFinishReasonBeforeDone() {
        data(chunk("{\"index\":0,\"delta\":{\"content\":\"Yes\"}}"));
        data(chunk("{\"index\":0,\"delta\":{},\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":3,"
                + "\"total_tokens\":23,\"cached_tokens\":16}}"));
        done();
        assertEquals(List.of(new UsageEvent(new Usage(20, 3, 16))), listener.events(UsageEvent.class));
        assertEquals(StopReason.END_TURN, listener.reason());
    }

    @Test
    public void finishReasons() {
        ChatCompletionsDialect d = ChatCompletionsDialect.STANDARD;
        assertEquals(StopReason.END_TURN, d.stopReason("stop", false));
        assertEquals(StopReason.TOOL_USE, d.stopReason("stop", true));
        assertEquals(StopReason.TOOL_USE, d.stopReason("tool_calls", false));
        assertEquals(StopReason.TOOL_USE, d.stopReason("function_call", false));
        assertEquals(StopReason.MAX_TOKENS, d.stopReason("length", true));
        assertEquals(StopReason.REFUSAL, d.stopReason("content_filter", false));
        assertEquals(StopReason.END_TURN, d.stopReason(null, false));
        assertEquals(StopReason.TOOL_USE, d.stopReason(null, true));
        assertEquals(StopReason.END_TURN, d.stopReason("eos", false));
    }

    @Test
    public void aRefusalIsTextAndStopsWithRefusal() {
        data(chunk("{\"index\":0,\"delta\":{\"refusal\":\"I can't help with that.\"}}"));
        data(chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"));
        done();
        assertEquals("I can't help with that.", listener.text());
        assertEquals(StopReason.REFUSAL, listener.reason());
    }

    @Test
    public void theBodyMayEndWithoutDoneAfterAFinishReason() {
        data(chunk("{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"length\"}"));
        handler.onEnd(sink);
        assertEquals(StopReason.MAX_TOKENS, listener.reason());
    }

    @Test
    public void aBodyEndingBeforeTheFinishIsAFailure() {
        data(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\"}}"));
        handler.onEnd(sink);
        assertEquals(Kind.UNAVAILABLE, listener.error().kind());
        assertEquals("p: the response ended before the vendor's final event (finish_reason or [DONE])",
                listener.error().getMessage());
    }

    @Test
    public void aBodyEndingAfterTextIsCutMidStream() {
        data(chunk("{\"index\":0,\"delta\":{\"content\":\"Part\"}}"));
        handler.onEnd(sink);
        assertEquals(Kind.CUT_MID_STREAM, listener.error().kind());
    }

    @Test
    public void errorChunksFailTheStream() {
        data(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}"));
        data("{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\",\"code\":null}}");
        ProviderException e = listener.error();
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals("p: stream error server_error: The server is overloaded", e.getMessage());
        listener.assertWellFormed();
    }

    @Test
    public void anErrorEventAfterTextIsCutMidStream() {
        data(chunk("{\"index\":0,\"delta\":{\"content\":\"Once\"}}"));
        handler.onEvent(new SseEvent("error", "{\"error\":{\"message\":\"Rate limit\",\"type\":\"rate_limit_exceeded\"}}",
                ""), sink);
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertEquals(Kind.RATE_LIMITED, ((ProviderException) e.getCause()).kind());
    }

    @Test
    public void streamErrorKinds() {
        assertEquals(Kind.RATE_LIMITED, kind("{\"error\":{\"type\":\"rate_limit_reached_error\",\"message\":\"m\"}}"));
        assertEquals(Kind.OVERLOADED, kind("{\"error\":{\"type\":\"engine_overloaded_error\",\"message\":\"m\"}}"));
        assertEquals(Kind.UNAUTHORIZED, kind("{\"error\":{\"type\":\"invalid_authentication_error\",\"message\":\"m\"}}"));
        assertEquals(Kind.UNAUTHORIZED, kind("{\"error\":{\"type\":\"insufficient_quota\",\"message\":\"m\"}}"));
        assertEquals(Kind.BAD_REQUEST, kind("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"m\"}}"));
        assertEquals(Kind.BAD_REQUEST, kind("{\"object\":\"error\",\"message\":\"too long\",\"type\":\"BadRequestError\","
                + "\"code\":400}"));
        assertEquals(Kind.RATE_LIMITED, kind("{\"error\":{\"message\":\"slow down\",\"code\":429}}"));
        assertEquals(Kind.UNAVAILABLE, kind("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        assertEquals(Kind.UNAVAILABLE, kind("{\"error\":\"something broke\"}"));
    }

    private static Kind kind(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return ChatCompletionsStreamHandler.kindOf(ChatCompletionsDialect.STANDARD, node);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void malformedChunksAreUnavailable() {
        try {
            data("{not json");
        } catch (ProviderException e) {
            assertEquals(Kind.UNAVAILABLE, e.kind());
            return;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    public void nullChoicesOtherChoicesAndKeepAlivesAreIgnored() {
        data("{\"id\":\"c\",\"model\":\"m-1\",\"choices\":null}");
        data(chunk("{\"index\":1,\"delta\":{\"content\":\"other choice\"}}"));
        data("");
        data(chunk("{\"index\":0,\"delta\":{\"content\":\"mine\"},\"finish_reason\":\"stop\"}"));
        done();
        assertEquals("mine", listener.text());
        assertEquals(StopReason.END_TURN, listener.reason());
    }

    @Test
    public void aToolCallThatNeverGotANameFailsTheStream() {
        data(chunk("{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"x\",\"function\":{\"arguments\":\"{}\"}}]}}"));
        done();
        assertEquals(Kind.UNAVAILABLE, listener.error().kind());
        assertTrue(listener.error().getMessage().contains("tool call 0 without a function name"));
    }

    @Test
    public void usageParsing() {
        ChatCompletionsDialect d = ChatCompletionsDialect.STANDARD;
        assertNull(d.usage(null));
        assertNull(d.usage(Json.MAPPER.createObjectNode()));
        assertEquals(new Usage(5, 0, 0), d.usage(Json.MAPPER.createObjectNode().put("prompt_tokens", 5)));
        assertEquals(new Usage(5, 1, 5), d.usage(Json.MAPPER.createObjectNode().put("prompt_tokens", 5)
                .put("completion_tokens", 1).put("cached_tokens", 9)));
    }

    @Test
    public void insufficientQuotaIsUnauthorized() {
        assertEquals(Kind.UNAUTHORIZED, handler.httpErrorKind(429, new VendorError("insufficient_quota", "pay"),
                Kind.RATE_LIMITED));
        assertEquals(Kind.RATE_LIMITED, handler.httpErrorKind(429, new VendorError("rate_limit_exceeded", "wait"),
                Kind.RATE_LIMITED));
    }
}
