package io.coditect.studio.provider.openai.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.provider.support.SseEvent;
import io.coditect.studio.provider.support.StreamSink;
import io.coditect.studio.provider.support.VendorError;
import io.coditect.studio.provider.support.testing.RecordingListener;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolDelta;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolEnd;
import io.coditect.studio.provider.support.testing.RecordingListener.ToolStart;
import org.junit.Test;

/** The event mapping without HTTP. */
public class OpenAiStreamHandlerTest {

    private final RecordingListener listener = new RecordingListener();
    private final StreamSink sink = new StreamSink("o", "gpt-x", listener, null);
    private final OpenAiStreamHandler handler = new OpenAiStreamHandler();

    private void send(String type, String json) {
        handler.onEvent(new SseEvent(type, json, ""), sink);
    }

    private void created() {
        send("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"model\":\"gpt-x-1\","
                + "\"status\":\"in_progress\"}}");
    }

    private void completed(String output) {
        send("response.completed", "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":"
                + "\"completed\",\"output\":" + output + "}}");
    }

    @Test
    public void errorCodes() {
        assertEquals(Kind.UNAVAILABLE, OpenAiStreamHandler.kindOf("server_error"));
        assertEquals(Kind.UNAVAILABLE, OpenAiStreamHandler.kindOf("vector_store_timeout"));
        assertEquals(Kind.UNAVAILABLE, OpenAiStreamHandler.kindOf(""));
        assertEquals(Kind.UNAVAILABLE, OpenAiStreamHandler.kindOf(null));
        assertEquals(Kind.RATE_LIMITED, OpenAiStreamHandler.kindOf("rate_limit_exceeded"));
        assertEquals(Kind.OVERLOADED, OpenAiStreamHandler.kindOf("server_is_overloaded"));
        assertEquals(Kind.OVERLOADED, OpenAiStreamHandler.kindOf("slow_down"));
        assertEquals(Kind.UNAUTHORIZED, OpenAiStreamHandler.kindOf("insufficient_quota"));
        assertEquals(Kind.UNAUTHORIZED, OpenAiStreamHandler.kindOf("invalid_api_key"));
        assertEquals(Kind.BAD_REQUEST, OpenAiStreamHandler.kindOf("context_length_exceeded"));
        assertEquals(Kind.BAD_REQUEST, OpenAiStreamHandler.kindOf("invalid_prompt"));
        assertEquals(Kind.BAD_REQUEST, OpenAiStreamHandler.kindOf("invalid_base64_image"));
        assertEquals(Kind.BAD_REQUEST, OpenAiStreamHandler.kindOf("image_too_large"));
        assertEquals(Kind.BAD_REQUEST, OpenAiStreamHandler.kindOf("unsupported_image_media_type"));
        assertEquals(Kind.BAD_REQUEST, OpenAiStreamHandler.kindOf("failed_to_download_image"));
    }

    @Test
    public void httpErrorKinds() {
        assertEquals(Kind.UNAUTHORIZED, handler.httpErrorKind(429, new VendorError("insufficient_quota", "x"),
                Kind.RATE_LIMITED));
        assertEquals(Kind.RATE_LIMITED, handler.httpErrorKind(429, new VendorError("tokens", "Rate limit reached"),
                Kind.RATE_LIMITED));
        assertEquals(Kind.OVERLOADED, handler.httpErrorKind(503, new VendorError("server_error", "overloaded"),
                Kind.OVERLOADED));
    }

    @Test
    public void retryDelayFromRateLimitMessages() {
        assertEquals(Optional.of(Duration.ofMillis(1580)), OpenAiStreamHandler.retryAfter("Please try again in 1.58s."));
        assertEquals(Optional.of(Duration.ofMillis(120)), OpenAiStreamHandler.retryAfter("Please try again in 120ms."));
        assertEquals(Optional.of(Duration.ofMinutes(6)), OpenAiStreamHandler.retryAfter("Please try again in 6m0s."));
        assertEquals(Optional.empty(), OpenAiStreamHandler.retryAfter("Please try again later."));
        assertEquals(Optional.empty(), OpenAiStreamHandler.retryAfter(null));
    }

    @Test
    public void functionCallWithoutDeltasGetsItsArgumentsFromDone() {
        created();
        send("response.output_item.added", "{\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\","
                + "\"call_id\":\"call_1\",\"name\":\"read\",\"arguments\":\"\"}}");
        send("response.output_item.done", "{\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\","
                + "\"call_id\":\"call_1\",\"name\":\"read\",\"arguments\":\"{\\\"p\\\":1}\"}}");
        send("response.output_item.added", "{\"output_index\":1,\"item\":{\"id\":\"fc_2\",\"type\":\"function_call\","
                + "\"call_id\":\"call_2\",\"name\":\"list\",\"arguments\":\"\"}}");
        send("response.function_call_arguments.done", "{\"output_index\":1,\"item_id\":\"fc_2\",\"arguments\":\"\"}");
        send("response.output_item.done", "{\"output_index\":1,\"item\":{\"id\":\"fc_2\",\"type\":\"function_call\","
                + "\"call_id\":\"call_2\",\"name\":\"list\",\"arguments\":\"\"}}");
        completed("[]");
        assertEquals("{\"p\":1}", listener.arguments(0));
        assertEquals("{}", listener.arguments(1));
        assertEquals(List.of(new ToolEnd(0), new ToolEnd(1)), listener.events(ToolEnd.class));
        assertEquals(StopReason.TOOL_USE, listener.reason());
        listener.assertWellFormed();
    }

    @Test
    public void deltasAreMatchedByItemIdWhenTheOutputIndexIsMissing() {
        created();
        send("response.output_item.added", "{\"output_index\":3,\"item\":{\"id\":\"fc_9\",\"type\":\"function_call\","
                + "\"call_id\":\"call_9\",\"name\":\"grep\"}}");
        send("response.function_call_arguments.delta", "{\"item_id\":\"fc_9\",\"delta\":\"{\\\"q\\\":\"}");
        send("response.function_call_arguments.delta", "{\"item_id\":\"fc_9\",\"delta\":\"\\\"x\\\"}\"}");
        send("response.function_call_arguments.done", "{\"item_id\":\"fc_9\",\"arguments\":\"{\\\"q\\\":\\\"x\\\"}\"}");
        completed("[]");
        assertEquals("{\"q\":\"x\"}", listener.arguments(0));
        assertEquals(List.of(new ToolEnd(0)), listener.events(ToolEnd.class));
    }

    @Test
    public void functionCallsOnlyInTheFinalOutputAreEmitted() {
        created();
        send("response.output_text.delta", "{\"delta\":\"Let me look.\"}");
        completed("[{\"type\":\"message\",\"content\":[]},{\"id\":\"fc_1\",\"type\":\"function_call\",\"call_id\":"
                + "\"call_1\",\"name\":\"ls\",\"arguments\":\"{\\\"dir\\\":\\\".\\\"}\"}]");
        assertEquals(List.of(new ToolStart(0, "call_1", "ls")), listener.events(ToolStart.class));
        assertEquals(List.of(new ToolDelta(0, "{\"dir\":\".\"}")), listener.events(ToolDelta.class));
        assertEquals(StopReason.TOOL_USE, listener.reason());
        listener.assertWellFormed();
    }

    @Test
    public void streamedCallsAreNotRepeatedFromTheFinalOutput() {
        created();
        send("response.output_item.added", "{\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\","
                + "\"call_id\":\"call_1\",\"name\":\"ls\"}}");
        send("response.function_call_arguments.delta", "{\"output_index\":0,\"item_id\":\"fc_1\",\"delta\":\"{}\"}");
        completed("[{\"id\":\"fc_1\",\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"ls\",\"arguments\":\"{}\"}]");
        assertEquals(1, listener.events(ToolStart.class).size());
        assertEquals("{}", listener.arguments(0));
        assertEquals("an open call is ended on completion", List.of(new ToolEnd(0)), listener.events(ToolEnd.class));
    }

    @Test
    public void incompleteForContentFilterIsRefusal() {
        created();
        send("response.output_text.delta", "{\"delta\":\"Sure, here\"}");
        send("response.incomplete", "{\"response\":{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":"
                + "\"content_filter\"}}}");
        assertEquals(StopReason.REFUSAL, listener.reason());
    }

    @Test
    public void incompleteForAnotherReasonIsAFailure() {
        created();
        send("response.incomplete", "{\"response\":{\"id\":\"resp_7\",\"status\":\"incomplete\",\"incomplete_details\":"
                + "{\"reason\":\"something_new\"}}}");
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals("o: the response is incomplete (something_new) (response resp_7)", e.getMessage());
    }

    @Test
    public void failedWithABadPromptIsABadRequest() {
        created();
        send("response.failed", "{\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"invalid_prompt\","
                + "\"message\":\"Invalid prompt: flagged.\"}}}");
        ProviderException e = listener.error();
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("o: response failed invalid_prompt: Invalid prompt: flagged.", e.getMessage());
    }

    @Test
    public void errorEventsOfBothShapes() {
        send("error", "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\","
                + "\"message\":\"Your input exceeds the context window of this model.\"}}");
        ProviderException e = listener.error();
        assertEquals("before response.created: no onStart", 1, listener.events().size());
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("o: stream error context_length_exceeded: Your input exceeds the context window of this model.",
                e.getMessage());

        RecordingListener other = new RecordingListener();
        new OpenAiStreamHandler().onEvent(new SseEvent("error", "{\"type\":\"error\",\"code\":null,\"message\":"
                + "\"The server is overloaded.\",\"param\":null,\"sequence_number\":3}", ""),
                new StreamSink("o", "gpt-x", other, null));
        assertEquals(Kind.OVERLOADED, other.error().kind());
    }

    @Test
    public void cancelledStatusIsAFailure() {
        created();
        send("response.completed", "{\"response\":{\"status\":\"cancelled\"}}");
        assertEquals(Kind.UNAVAILABLE, listener.error().kind());
    }

    @Test
    public void unknownEventsAndItemsAreIgnored() {
        created();
        send("response.output_item.added", "{\"output_index\":0,\"item\":{\"id\":\"ws_1\",\"type\":\"web_search_call\"}}");
        send("response.reasoning_summary_text.delta", "{\"item_id\":\"rs_1\",\"delta\":\"Thinking…\"}");
        send("response.brand_new_event", "{\"type\":\"response.brand_new_event\"}");
        send("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}");
        send("message", "[DONE]");
        completed("[]");
        assertEquals("Hi", listener.text());
        assertEquals(StopReason.END_TURN, listener.reason());
        assertEquals("gpt-x-1", ((RecordingListener.Start) listener.events().get(0)).info().model());
        listener.assertWellFormed();
    }

    @Test
    public void theEventTypeMayComeFromTheDataAlone() {
        send("message", "{\"type\":\"response.created\",\"response\":{}}");
        send("message", "{\"type\":\"response.output_text.delta\",\"delta\":\"ok\"}");
        send("message", "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}");
        assertEquals("gpt-x", ((RecordingListener.Start) listener.events().get(0)).info().model());
        assertEquals("ok", listener.text());
        assertEquals(StopReason.END_TURN, listener.reason());
    }

    @Test
    public void malformedEventsFailTheStream() {
        try {
            send("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"x");
        } catch (ProviderException e) {
            assertEquals(Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("malformed 'response.output_text.delta' event"));
            return;
        }
        throw new AssertionError("no exception");
    }
}
