package io.coditect.studio.provider.support.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import io.coditect.studio.api.llm.ProviderException;
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
 * Maps a streamed Chat Completions response ({@code chat.completion.chunk} objects in
 * {@code data:} lines, ended by {@code data: [DONE]}) to listener events; one instance per stream.
 *
 * <table>
 * <caption>Chunk mapping</caption>
 * <tr><td>first chunk</td><td>{@code onStart} with the chunk's {@code model}</td></tr>
 * <tr><td>{@code choices[0].delta.content}</td><td>{@code onTextDelta}</td></tr>
 * <tr><td>{@code choices[0].delta.refusal}</td><td>{@code onTextDelta}; the stop reason becomes
 * REFUSAL</td></tr>
 * <tr><td>{@code choices[0].delta.tool_calls[i]}</td><td>the first fragment of a call (with
 * {@code id} and {@code function.name}) → {@code onToolCallStart(n, id, name)}, n = 0, 1, … in
 * order of appearance; {@code function.arguments} fragments → {@code onToolCallDelta(n, …)}
 * exactly as sent</td></tr>
 * <tr><td>{@code choices[0].finish_reason}</td><td>remembered
 * ({@link ChatCompletionsDialect#stopReason})</td></tr>
 * <tr><td>{@code usage} at the top level or in {@code choices[0]}</td><td>remembered
 * ({@link ChatCompletionsDialect#usage}); the last one wins</td></tr>
 * <tr><td>{@code data: [DONE]}</td><td>{@code onToolCallEnd} for every call (after
 * {@code onToolCallDelta("{}")} for a call that got no arguments), {@code onUsage} when usage came,
 * {@code onComplete(stop reason)}</td></tr>
 * <tr><td>{@code {"error": {…}}} or an {@code error} event</td><td>{@code onError}
 * ({@link ChatCompletionsDialect#streamErrorKind}; CUT_MID_STREAM once output was sent)</td></tr>
 * <tr><td>{@code reasoning_content} and other unknown fields</td><td>ignored</td></tr>
 * </table>
 *
 * <p>Tolerated deviations of compatible servers: tool-call fragments without {@code index}
 * (matched by {@code id}, else the latest call), {@code id} and {@code name} repeated on every
 * fragment, a whole call in one fragment, {@code arguments} as a JSON object instead of text, a
 * call without {@code id} (one is made up: {@code call_<n>}), {@code choices} null or missing in the
 * usage chunk, {@code finish_reason: "stop"} after tool calls (TOOL_USE), no
 * {@code finish_reason} before {@code [DONE]} (END_TURN, or TOOL_USE with tool calls), and a body
 * that ends without {@code [DONE]} after a {@code finish_reason} (completes as if it had come).
 * A body that ends before both fails: UNAVAILABLE, or CUT_MID_STREAM after output.
 */
public final class ChatCompletionsStreamHandler implements SseEventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsStreamHandler.class);

    /** The {@code data:} of the last event of a stream. */
    public static final String DONE = "[DONE]";

    private final ChatCompletionsDialect dialect;
    private final Map<Integer, ToolCall> callsByWireIndex = new HashMap<>();
    private final List<ToolCall> calls = new ArrayList<>();
    private String finishReason;
    private boolean refusal;
    private Usage usage;

    /** One tool call being assembled. */
    private static final class ToolCall {
        final int index;
        final Integer wireIndex;
        String id;
        String name;
        boolean started;
        boolean hasArguments;
        final StringBuilder pending = new StringBuilder();

        ToolCall(int index, Integer wireIndex) {
            this.index = index;
            this.wireIndex = wireIndex;
        }
    }

    public ChatCompletionsStreamHandler(ChatCompletionsDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        String data = event.data().strip();
        if (data.equals(DONE)) {
            finish(sink);
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode chunk = Json.eventObject(sink.providerId(), event);
        if ("error".equals(event.event()) || isError(chunk)) {
            VendorError error = VendorError.of(chunk);
            Kind kind = dialect.streamErrorKind(error, httpCode(chunk));
            String described = error.describe();
            sink.fail(sink.error(kind, "stream error " + (described.isEmpty() ? "(no message)" : described)));
            return;
        }
        sink.start(Json.text(chunk, "model", null));
        readUsage(chunk.get("usage"));
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray()) {
            return;
        }
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) != 0) {
                continue; // we ask for one choice; others are not part of the answer
            }
            readUsage(choice.get("usage"));
            JsonNode delta = choice.has("delta") ? choice.get("delta") : choice.path("message");
            String text = Json.text(delta, "content", null);
            if (text != null) {
                sink.text(text);
            }
            String refused = Json.text(delta, "refusal", null);
            if (refused != null && !refused.isEmpty()) {
                refusal = true;
                sink.text(refused);
            }
            JsonNode toolCalls = delta.get("tool_calls");
            if (toolCalls != null && toolCalls.isArray()) {
                for (JsonNode fragment : toolCalls) {
                    toolCallFragment(fragment, sink);
                }
            }
            String reason = Json.text(choice, "finish_reason", null);
            if (reason != null && !reason.isEmpty()) {
                finishReason = reason;
            }
        }
    }

    @Override
    public void onEnd(StreamSink sink) {
        if (finishReason != null) {
            LOG.debug("{}: the stream ended without [DONE] after finish_reason '{}'", sink.providerId(), finishReason);
            finish(sink);
            return;
        }
        sink.fail(sink.error(Kind.UNAVAILABLE, "the response ended before the vendor's final event (finish_reason"
                + " or [DONE])"));
    }

    @Override
    public Kind httpErrorKind(int status, VendorError error, Kind standard) {
        return dialect.httpErrorKind(status, error, standard);
    }

    private void finish(StreamSink sink) {
        for (ToolCall call : calls) {
            if (!call.started) {
                sink.fail(sink.error(Kind.UNAVAILABLE, "the vendor sent tool call " + call.index
                        + " without a function name"));
                return;
            }
            if (!call.hasArguments) {
                sink.toolCallDelta(call.index, "{}");
            }
            sink.toolCallEnd(call.index);
        }
        if (usage != null) {
            sink.usage(usage);
        }
        StopReason reason = dialect.stopReason(finishReason, !calls.isEmpty());
        if (refusal && reason == StopReason.END_TURN) {
            reason = StopReason.REFUSAL;
        }
        sink.complete(reason);
    }

    private void toolCallFragment(JsonNode fragment, StreamSink sink) {
        Integer wireIndex = fragment.path("index").isIntegralNumber() ? fragment.get("index").asInt() : null;
        String id = nonEmpty(Json.text(fragment, "id", null));
        JsonNode function = fragment.path("function");
        String name = nonEmpty(Json.text(function, "name", null));
        String arguments = arguments(function.get("arguments"));

        ToolCall call = null;
        if (wireIndex != null) {
            call = callsByWireIndex.get(wireIndex);
            if (call != null && id != null && call.id != null && !id.equals(call.id)) {
                call = null; // the server reused an index for a new call
            }
        } else if (id != null) {
            call = calls.stream().filter(c -> id.equals(c.id)).findFirst().orElse(null);
        } else if (!calls.isEmpty()) {
            call = calls.get(calls.size() - 1);
        }
        if (call == null) {
            if (id == null && name == null && arguments.isEmpty()) {
                return; // an empty fragment of nothing we know
            }
            call = new ToolCall(calls.size(), wireIndex);
            calls.add(call);
            if (wireIndex != null) {
                callsByWireIndex.put(wireIndex, call);
            }
        }
        if (call.id == null && id != null) {
            call.id = id;
        }
        if (call.name == null && name != null) {
            call.name = name;
        }
        if (!call.started && call.name != null) {
            call.started = true;
            if (call.id == null) {
                call.id = "call_" + call.index;
            }
            sink.toolCallStart(call.index, call.id, call.name);
            if (call.pending.length() > 0) {
                call.hasArguments = true;
                sink.toolCallDelta(call.index, call.pending.toString());
                call.pending.setLength(0);
            }
        }
        if (!arguments.isEmpty()) {
            if (call.started) {
                call.hasArguments = true;
                sink.toolCallDelta(call.index, arguments);
            } else {
                call.pending.append(arguments);
            }
        }
    }

    private void readUsage(JsonNode node) {
        if (node != null && node.isObject()) {
            Usage u = dialect.usage(node);
            if (u != null) {
                usage = u;
            }
        }
    }

    /** {@code arguments} as text: a string as is, an object (some servers) as its JSON. */
    private static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "";
        }
        if (arguments.isTextual()) {
            return arguments.asText();
        }
        return arguments.isObject() ? arguments.toString() : "";
    }

    private static boolean isError(JsonNode chunk) {
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull() && (error.isObject() || error.isTextual())) {
            return true;
        }
        return "error".equals(Json.text(chunk, "object", null));
    }

    /** The error's {@code code} or {@code status} when it is an HTTP status, else 0. */
    private static int httpCode(JsonNode chunk) {
        JsonNode error = chunk.path("error").isObject() ? chunk.get("error") : chunk;
        for (String field : new String[] { "code", "status" }) {
            JsonNode v = error.get(field);
            if (v != null && (v.isIntegralNumber() || v.isTextual() && v.asText().matches("\\d{3}"))) {
                int code = v.asInt();
                if (code >= 400 && code <= 599) {
                    return code;
                }
            }
        }
        return 0;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** For tests: the failure an error chunk gives, without a sink. */
    static ProviderException.Kind kindOf(ChatCompletionsDialect dialect, JsonNode chunk) {
        return dialect.streamErrorKind(VendorError.of(chunk), httpCode(chunk));
    }
}
