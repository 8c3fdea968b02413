package io.coditect.studio.provider.openai.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.Json;
import io.coditect.studio.provider.support.RetryAfter;
import io.coditect.studio.provider.support.SseEvent;
import io.coditect.studio.provider.support.SseEventHandler;
import io.coditect.studio.provider.support.StreamSink;
import io.coditect.studio.provider.support.Timeouts;
import io.coditect.studio.provider.support.VendorError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the Responses API's streamed events to listener events; one instance per stream.
 *
 * <table>
 * <caption>Event mapping</caption>
 * <tr><td>{@code response.created}</td><td>{@code onStart} with {@code response.model}</td></tr>
 * <tr><td>{@code response.output_item.added} of a {@code function_call}</td><td>{@code onToolCallStart(n,
 * call_id, name)}, n counting the function calls of the answer from 0; the call is found again by
 * {@code output_index} (or {@code item_id})</td></tr>
 * <tr><td>{@code response.function_call_arguments.delta}</td><td>{@code onToolCallDelta(n, delta)}</td></tr>
 * <tr><td>{@code response.function_call_arguments.done}, {@code response.output_item.done} of a
 * function call</td><td>{@code onToolCallEnd(n)}, once (after the complete {@code arguments} as one
 * delta when no delta came, {@code {}} when they are empty, so the fragments always form the JSON)</td></tr>
 * <tr><td>{@code response.output_text.delta}</td><td>{@code onTextDelta}</td></tr>
 * <tr><td>{@code response.refusal.delta}</td><td>{@code onTextDelta}; the answer then ends with REFUSAL</td></tr>
 * <tr><td>{@code response.completed}</td><td>{@code onUsage}; {@code onComplete}: REFUSAL after a refusal,
 * TOOL_USE when the answer has function calls (also ones only listed in the final {@code output},
 * which are emitted then), else END_TURN</td></tr>
 * <tr><td>{@code response.incomplete}</td><td>{@code onUsage}; reason {@code max_output_tokens} →
 * {@code onComplete(MAX_TOKENS)}, {@code content_filter} → {@code onComplete(REFUSAL)}, any other →
 * {@code onError(UNAVAILABLE)}</td></tr>
 * <tr><td>{@code response.failed}, {@code error}</td><td>{@code onError} with the kind of the error code
 * ({@link #kindOf}); CUT_MID_STREAM once text or a tool call was emitted</td></tr>
 * <tr><td>reasoning items and summaries, content parts, {@code *.done} of text, annotations, built-in
 * tool events, unknown events</td><td>ignored</td></tr>
 * </table>
 *
 * Usage: {@code input_tokens} (cached ones included), {@code output_tokens} (reasoning tokens
 * included), cached = {@code input_tokens_details.cached_tokens}.
 */
final class OpenAiStreamHandler implements SseEventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiStreamHandler.class);

    /** "… Please try again in 1.5s." / "… in 120ms." / "… in 6m0s." in rate-limit messages. */
    private static final Pattern TRY_AGAIN = Pattern.compile("try again in ((?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+)");

    /** One function call of the answer. */
    private static final class Call {
        final int index;
        final String callId;
        boolean hasArguments;
        boolean ended;

        Call(int index, String callId) {
            this.index = index;
            this.callId = callId;
        }
    }

    private final Map<Integer, Call> callsByOutput = new HashMap<>();
    private final Map<String, Call> callsByItem = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Set<String> refusalItemsWithText = new HashSet<>();
    private boolean refused;

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        if ("[DONE]".equals(event.data().strip())) {
            return; // some gateways end the stream like chat completions; the body ends next
        }
        JsonNode node = Json.eventObject(sink.providerId(), event);
        String type = Json.text(node, "type", event.event());
        switch (type) {
            case "response.created":
            case "response.in_progress":
            case "response.queued":
                sink.start(Json.text(node.path("response"), "model", null));
                break;
            case "response.output_item.added":
                itemAdded(node.path("output_index").asInt(-1), node.path("item"), sink);
                break;
            case "response.function_call_arguments.delta": {
                Call call = find(node);
                String delta = Json.text(node, "delta", "");
                if (call != null && !call.ended && !delta.isEmpty()) {
                    call.hasArguments = true;
                    sink.toolCallDelta(call.index, delta);
                }
                break;
            }
            case "response.function_call_arguments.done":
                end(find(node), Json.text(node, "arguments", ""), sink);
                break;
            case "response.output_item.done":
                itemDone(node.path("output_index").asInt(-1), node.path("item"), sink);
                break;
            case "response.output_text.delta":
                sink.text(Json.text(node, "delta", ""));
                break;
            case "response.refusal.delta": {
                refused = true;
                String delta = Json.text(node, "delta", "");
                if (!delta.isEmpty()) {
                    refusalItemsWithText.add(Json.text(node, "item_id", ""));
                    sink.text(delta);
                }
                break;
            }
            case "response.refusal.done":
                refused = true;
                if (!refusalItemsWithText.contains(Json.text(node, "item_id", ""))) {
                    sink.text(Json.text(node, "refusal", ""));
                }
                break;
            case "response.completed":
            case "response.incomplete":
            case "response.failed":
                finish(type, node.path("response"), sink);
                break;
            case "error":
                streamError(node, sink);
                break;
            default:
                LOG.debug("{}: ignoring event '{}'", sink.providerId(), type);
                break;
        }
    }

    /**
     * The kind of an HTTP error response: a 429 whose error type is {@code insufficient_quota} means
     * the account has no credit left, which waiting does not fix, so it is UNAUTHORIZED (like a 402)
     * rather than RATE_LIMITED; everything else keeps the standard kind.
     */
    @Override
    public Kind httpErrorKind(int status, VendorError error, Kind standard) {
        if (status == 429 && (error.type().equals("insufficient_quota")
                || error.message().toLowerCase(Locale.ROOT).contains("exceeded your current quota"))) {
            return Kind.UNAUTHORIZED;
        }
        return standard;
    }

    private void itemAdded(int outputIndex, JsonNode item, StreamSink sink) {
        if (!"function_call".equals(Json.text(item, "type", ""))) {
            return; // message, reasoning, built-in tool calls
        }
        Call call = startCall(outputIndex, item, sink);
        String arguments = Json.text(item, "arguments", "");
        if (!arguments.isEmpty()) {
            call.hasArguments = true;
            sink.toolCallDelta(call.index, arguments);
        }
    }

    private void itemDone(int outputIndex, JsonNode item, StreamSink sink) {
        if (!"function_call".equals(Json.text(item, "type", ""))) {
            return;
        }
        Call call = callsByOutput.get(outputIndex);
        if (call == null) {
            call = callsByItem.get(Json.text(item, "id", ""));
        }
        if (call == null) { // the vendor skipped output_item.added
            call = startCall(outputIndex, item, sink);
        }
        end(call, Json.text(item, "arguments", ""), sink);
    }

    private Call startCall(int outputIndex, JsonNode item, StreamSink sink) {
        Call call = new Call(calls.size(), Json.text(item, "call_id", ""));
        calls.add(call);
        if (outputIndex >= 0) {
            callsByOutput.put(outputIndex, call);
        }
        String itemId = Json.text(item, "id", "");
        if (!itemId.isEmpty()) {
            callsByItem.put(itemId, call);
        }
        sink.toolCallStart(call.index, call.callId, Json.text(item, "name", ""));
        return call;
    }

    /** The call an arguments event belongs to: by {@code output_index}, else by {@code item_id}. */
    private Call find(JsonNode node) {
        Call call = callsByOutput.get(node.path("output_index").asInt(-1));
        return call != null ? call : callsByItem.get(Json.text(node, "item_id", ""));
    }

    /** Ends a call once; when no fragment came, the complete arguments (or {@code {}}) go first. */
    private static void end(Call call, String arguments, StreamSink sink) {
        if (call == null || call.ended) {
            return;
        }
        if (!call.hasArguments) {
            call.hasArguments = true;
            sink.toolCallDelta(call.index, arguments.isEmpty() ? "{}" : arguments);
        }
        call.ended = true;
        sink.toolCallEnd(call.index);
    }

    private void finish(String type, JsonNode response, StreamSink sink) {
        String fallback = type.equals("response.failed") ? "failed"
                : type.equals("response.incomplete") ? "incomplete" : "completed";
        String status = Json.text(response, "status", fallback);
        JsonNode usage = response.path("usage");
        if (usage.isObject()) {
            sink.usage(new Usage(Math.max(0, usage.path("input_tokens").asLong(0)),
                    Math.max(0, usage.path("output_tokens").asLong(0)),
                    Math.max(0, usage.path("input_tokens_details").path("cached_tokens").asLong(0))));
        }
        switch (status) {
            case "completed":
                backfillCalls(response.path("output"), sink);
                for (Call call : calls) {
                    end(call, "", sink);
                }
                sink.complete(refused ? StopReason.REFUSAL : calls.isEmpty() ? StopReason.END_TURN : StopReason.TOOL_USE);
                break;
            case "incomplete": {
                String reason = Json.text(response.path("incomplete_details"), "reason", "");
                if (reason.equals("max_output_tokens")) {
                    sink.complete(StopReason.MAX_TOKENS);
                } else if (reason.equals("content_filter")) {
                    sink.complete(StopReason.REFUSAL);
                } else {
                    sink.fail(sink.error(Kind.UNAVAILABLE, "the response is incomplete"
                            + (reason.isEmpty() ? "" : " (" + new VendorError(reason, "").describe() + ")")
                            + responseId(response)));
                }
                break;
            }
            case "failed": {
                JsonNode error = response.path("error");
                fail(sink, "response failed", Json.text(error, "code", ""), Json.text(error, "message", ""),
                        responseId(response));
                break;
            }
            default: // cancelled, or a status added later
                sink.fail(sink.error(Kind.UNAVAILABLE, "the response ended with status '"
                        + new VendorError(status, "").describe() + "'" + responseId(response)));
                break;
        }
    }

    /** Function calls of the final {@code output} that were not streamed as items. */
    private void backfillCalls(JsonNode output, StreamSink sink) {
        if (!output.isArray()) {
            return;
        }
        Set<String> seenCallIds = new HashSet<>();
        calls.forEach(c -> seenCallIds.add(c.callId));
        for (int i = 0; i < output.size(); i++) {
            JsonNode item = output.get(i);
            if (!"function_call".equals(Json.text(item, "type", ""))
                    || callsByItem.containsKey(Json.text(item, "id", ""))
                    || seenCallIds.contains(Json.text(item, "call_id", ""))) {
                continue;
            }
            Call call = startCall(-1, item, sink);
            end(call, Json.text(item, "arguments", ""), sink);
        }
    }

    private void streamError(JsonNode node, StreamSink sink) {
        JsonNode nested = node.path("error");
        String code = Json.text(node, "code", Json.text(nested, "code", Json.text(nested, "type", "")));
        String message = Json.text(node, "message", Json.text(nested, "message", ""));
        fail(sink, "stream error", code, message, "");
    }

    private static void fail(StreamSink sink, String what, String code, String message, String suffix) {
        VendorError error = new VendorError(code, message);
        String described = error.describe();
        Duration retryAfter = retryAfter(message).orElse(null);
        String text = sink.providerId() + ": " + what + (described.isEmpty() ? " (no error details)" : " " + described)
                + suffix + (retryAfter == null ? "" : "; retry after " + Timeouts.describe(retryAfter));
        Kind kind = kindOf(code);
        if (kind == Kind.UNAVAILABLE && error.overloaded()) {
            kind = Kind.OVERLOADED;
        }
        sink.fail(new ProviderException(kind, sink.providerId(), text, retryAfter, null));
    }

    private static String responseId(JsonNode response) {
        String id = Json.text(response, "id", "");
        return id.isEmpty() ? "" : " (response " + new VendorError(id, "").type() + ")";
    }

    /**
     * The kind of an error code of a {@code response.failed} or {@code error} event (the codes of
     * the API's {@code ResponseError} plus those seen in practice).
     */
    static Kind kindOf(String code) {
        String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
        switch (c) {
            case "rate_limit_exceeded":
            case "rate_limit_error":
                return Kind.RATE_LIMITED;
            case "server_is_overloaded":
            case "slow_down":
            case "overloaded":
                return Kind.OVERLOADED;
            case "insufficient_quota":
            case "invalid_api_key":
            case "authentication_error":
            case "permission_denied":
            case "unauthorized":
                return Kind.UNAUTHORIZED;
            case "context_length_exceeded":
            case "invalid_prompt":
            case "invalid_request_error":
            case "model_not_found":
            case "unsupported_parameter":
            case "unsupported_value":
            case "unsupported_image_media_type":
            case "empty_image_file":
            case "failed_to_download_image":
                return Kind.BAD_REQUEST;
            default:
                // invalid_image, invalid_image_format, invalid_base64_image, invalid_image_url,
                // image_too_large, image_too_small, image_parse_error, image_content_policy_violation, …
                if (c.startsWith("invalid_") || c.startsWith("image_")) {
                    return Kind.BAD_REQUEST;
                }
                return Kind.UNAVAILABLE; // server_error, vector_store_timeout, unknown
        }
    }

    /** The delay a rate-limit message asks for ("Please try again in 1.5s."), if any. */
    static Optional<Duration> retryAfter(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = TRY_AGAIN.matcher(message);
        return m.find() ? RetryAfter.goDuration(m.group(1)) : Optional.empty();
    }
}
