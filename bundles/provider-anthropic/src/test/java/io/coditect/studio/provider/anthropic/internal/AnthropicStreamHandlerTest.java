package io.coditect.studio.provider.anthropic.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.provider.support.SseEvent;
import io.coditect.studio.provider.support.StreamSink;
import io.coditect.studio.provider.support.testing.RecordingListener;
import io.coditect.studio.provider.support.testing.RecordingListener.UsageEvent;
import org.junit.Test;

/** The event mapping without HTTP. */
public class AnthropicStreamHandlerTest {

    private final RecordingListener listener = new RecordingListener();
    private final StreamSink sink = new StreamSink("a", "claude-x", listener, null);
    private final AnthropicStreamHandler handler = new AnthropicStreamHandler();

    private void send(String type, String json) {
        handler.onEvent(new SseEvent(type, json, ""), sink);
    }

    @Test
    public void stopReasons() {
        assertEquals(StopReason.END_TURN, AnthropicStreamHandler.stopReason("end_turn"));
        assertEquals(StopReason.TOOL_USE, AnthropicStreamHandler.stopReason("tool_use"));
        assertEquals(StopReason.MAX_TOKENS, AnthropicStreamHandler.stopReason("max_tokens"));
        assertEquals(StopReason.MAX_TOKENS, AnthropicStreamHandler.stopReason("model_context_window_exceeded"));
        assertEquals(StopReason.STOP_SEQUENCE, AnthropicStreamHandler.stopReason("stop_sequence"));
        assertEquals(StopReason.REFUSAL, AnthropicStreamHandler.stopReason("refusal"));
        assertEquals(StopReason.END_TURN, AnthropicStreamHandler.stopReason("pause_turn"));
        assertEquals(StopReason.END_TURN, AnthropicStreamHandler.stopReason("something_new"));
    }

    @Test
    public void errorTypes() {
        assertEquals(Kind.OVERLOADED, AnthropicStreamHandler.kindOf("overloaded_error"));
        assertEquals(Kind.RATE_LIMITED, AnthropicStreamHandler.kindOf("rate_limit_error"));
        assertEquals(Kind.UNAUTHORIZED, AnthropicStreamHandler.kindOf("authentication_error"));
        assertEquals(Kind.UNAUTHORIZED, AnthropicStreamHandler.kindOf("permission_error"));
        assertEquals(Kind.UNAUTHORIZED, AnthropicStreamHandler.kindOf("billing_error"));
        assertEquals(Kind.BAD_REQUEST, AnthropicStreamHandler.kindOf("invalid_request_error"));
        assertEquals(Kind.BAD_REQUEST, AnthropicStreamHandler.kindOf("not_found_error"));
        assertEquals(Kind.BAD_REQUEST, AnthropicStreamHandler.kindOf("request_too_large"));
        assertEquals(Kind.UNAVAILABLE, AnthropicStreamHandler.kindOf("api_error"));
        assertEquals(Kind.UNAVAILABLE, AnthropicStreamHandler.kindOf("timeout_error"));
        assertEquals(Kind.UNAVAILABLE, AnthropicStreamHandler.kindOf(""));
    }

    @Test
    public void refusalAndMaxTokensEndTheStream() {
        send("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-x-1\",\"usage\":{\"input_tokens\":3}}}");
        send("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"},\"usage\":{\"output_tokens\":0}}");
        send("message_stop", "{\"type\":\"message_stop\"}");
        assertEquals(StopReason.REFUSAL, listener.reason());
        assertEquals(List.of(new UsageEvent(Usage.of(3, 0))), listener.events(UsageEvent.class));
    }

    @Test
    public void messageDeltaMayRepeatInputUsage() {
        send("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,\"cache_creation_input_tokens\":5}}}");
        send("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},"
                + "\"usage\":{\"input_tokens\":4,\"cache_read_input_tokens\":2,\"output_tokens\":7}}");
        send("message_stop", "{}");
        assertEquals(new Usage(11, 7, 2), listener.events(UsageEvent.class).get(0).usage());
        assertEquals(StopReason.MAX_TOKENS, listener.reason());
        assertEquals("claude-x", ((RecordingListener.Start) listener.events().get(0)).info().model());
    }

    @Test
    public void unknownEventsAndBlocksAreIgnored() {
        send("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"m\"}}");
        send("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"s\",\"name\":\"web_search\"}}");
        send("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}");
        send("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        send("brand_new_event", "{\"type\":\"brand_new_event\"}");
        send("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"Hi\"}}");
        send("message_stop", "{\"type\":\"message_stop\"}");
        assertEquals("Hi", listener.text());
        assertEquals(StopReason.END_TURN, listener.reason());
        listener.assertWellFormed();
    }

    @Test(expected = ProviderException.class)
    public void malformedEventsFailTheStream() {
        send("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_de");
    }
}
