package io.coditect.studio.provider.anthropic.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.Json;
import io.coditect.studio.provider.support.SseEvent;
import io.coditect.studio.provider.support.SseEventHandler;
import io.coditect.studio.provider.support.StreamSink;
import io.coditect.studio.provider.support.VendorError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the Messages API's streamed events to listener events; one instance per stream.
 *
 * <table>
 * <caption>Event mapping</caption>
 * <tr><td>{@code message_start}</td><td>{@code onStart} with {@code message.model}; remembers the
 * input usage</td></tr>
 * <tr><td>{@code content_block_start} text</td><td>its initial text, if any</td></tr>
 * <tr><td>{@code content_block_start} tool_use</td><td>{@code onToolCallStart(n, id, name)}, n
 * counting tool calls from 0</td></tr>
 * <tr><td>{@code content_block_delta} text_delta</td><td>{@code onTextDelta}</td></tr>
 * <tr><td>{@code content_block_delta} input_json_delta</td><td>{@code onToolCallDelta}
 * ({@code partial_json} as is)</td></tr>
 * <tr><td>{@code content_block_stop} of a tool_use</td><td>{@code onToolCallEnd} (after
 * {@code onToolCallDelta("{}")} when no argument arrived, so the fragments always form JSON)</td></tr>
 * <tr><td>{@code message_delta}</td><td>remembers {@code stop_reason}; {@code onUsage}</td></tr>
 * <tr><td>{@code message_stop}</td><td>{@code onComplete(stop reason)}</td></tr>
 * <tr><td>{@code error}</td><td>{@code onError}: overloaded_error → OVERLOADED, rate_limit_error →
 * RATE_LIMITED, … (CUT_MID_STREAM once output was sent)</td></tr>
 * <tr><td>{@code ping}, thinking blocks and deltas, unknown events</td><td>ignored</td></tr>
 * </table>
 *
 * Usage: input tokens = {@code input_tokens + cache_creation_input_tokens + cache_read_input_tokens},
 * cached = {@code cache_read_input_tokens} (from {@code message_start}, updated by a
 * {@code message_delta} that repeats them); output = {@code output_tokens} of {@code message_delta}
 * (cumulative).
 */
final class AnthropicStreamHandler implements SseEventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicStreamHandler.class);

    private final Map<Integer, Integer> toolByBlock = new HashMap<>();
    private final Set<Integer> toolsWithArguments = new HashSet<>();
    private int nextTool;
    private long inputTokens;
    private long cacheCreationTokens;
    private long cacheReadTokens;
    private long outputTokens;
    private StopReason stopReason;

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        if ("ping".equals(event.event())) {
            return;
        }
        JsonNode node = Json.eventObject(sink.providerId(), event);
        String type = Json.text(node, "type", event.event());
        switch (type) {
            case "message_start":
                JsonNode message = node.path("message");
                readUsage(message.path("usage"));
                sink.start(Json.text(message, "model", null));
                break;
            case "content_block_start":
                blockStart(node.path("index").asInt(-1), node.path("content_block"), sink);
                break;
            case "content_block_delta":
                blockDelta(node.path("index").asInt(-1), node.path("delta"), sink);
                break;
            case "content_block_stop":
                Integer tool = toolByBlock.remove(node.path("index").asInt(-1));
                if (tool != null) {
                    if (!toolsWithArguments.contains(tool)) {
                        sink.toolCallDelta(tool, "{}");
                    }
                    sink.toolCallEnd(tool);
                }
                break;
            case "message_delta":
                String reason = Json.text(node.path("delta"), "stop_reason", null);
                if (reason != null) {
                    stopReason = stopReason(reason);
                }
                readUsage(node.path("usage"));
                sink.usage(new Usage(inputTokens + cacheCreationTokens + cacheReadTokens, outputTokens, cacheReadTokens));
                break;
            case "message_stop":
                sink.complete(stopReason == null ? StopReason.END_TURN : stopReason);
                break;
            case "error":
                VendorError error = VendorError.of(node);
                sink.fail(sink.error(kindOf(error.type()), "stream error " + error.describe()));
                break;
            default:
                LOG.debug("{}: ignoring event '{}'", sink.providerId(), type);
                break;
        }
    }

    private void blockStart(int index, JsonNode block, StreamSink sink) {
        String type = Json.text(block, "type", "");
        if (type.equals("text")) {
            sink.text(Json.text(block, "text", ""));
        } else if (type.equals("tool_use")) {
            int tool = nextTool++;
            toolByBlock.put(index, tool);
            sink.toolCallStart(tool, Json.text(block, "id", ""), Json.text(block, "name", ""));
        }
        // thinking, redacted_thinking, server tool blocks: not part of the answer
    }

    private void blockDelta(int index, JsonNode delta, StreamSink sink) {
        String type = Json.text(delta, "type", "");
        if (type.equals("text_delta")) {
            sink.text(Json.text(delta, "text", ""));
        } else if (type.equals("input_json_delta")) {
            Integer tool = toolByBlock.get(index);
            String fragment = Json.text(delta, "partial_json", "");
            if (tool != null && !fragment.isEmpty()) {
                toolsWithArguments.add(tool);
                sink.toolCallDelta(tool, fragment);
            }
        }
        // thinking_delta, signature_delta, citations_delta: ignored
    }

    private void readUsage(JsonNode usage) {
        inputTokens = usage.path("input_tokens").asLong(inputTokens);
        cacheCreationTokens = usage.path("cache_creation_input_tokens").asLong(cacheCreationTokens);
        cacheReadTokens = usage.path("cache_read_input_tokens").asLong(cacheReadTokens);
        outputTokens = usage.path("output_tokens").asLong(outputTokens);
    }

    static StopReason stopReason(String reason) {
        switch (reason) {
            case "tool_use":
                return StopReason.TOOL_USE;
            case "max_tokens":
            case "model_context_window_exceeded":
                return StopReason.MAX_TOKENS;
            case "stop_sequence":
                return StopReason.STOP_SEQUENCE;
            case "refusal":
                return StopReason.REFUSAL;
            default: // end_turn, pause_turn and reasons added later
                return StopReason.END_TURN;
        }
    }

    /** The kind of an error type of the Messages API (HTTP error bodies and {@code error} events). */
    static Kind kindOf(String errorType) {
        switch (errorType) {
            case "overloaded_error":
                return Kind.OVERLOADED;
            case "rate_limit_error":
                return Kind.RATE_LIMITED;
            case "authentication_error":
            case "permission_error":
            case "billing_error":
                return Kind.UNAUTHORIZED;
            case "invalid_request_error":
            case "not_found_error":
            case "request_too_large":
                return Kind.BAD_REQUEST;
            default: // api_error, timeout_error, unknown
                return Kind.UNAVAILABLE;
        }
    }
}
