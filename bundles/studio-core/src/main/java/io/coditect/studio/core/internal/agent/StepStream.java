package io.coditect.studio.core.internal.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RouteListener;

/**
 * One model call of a turn: forwards what streams in as events at once (nothing waits for the
 * participants) and gathers the answer text and tool calls for the conversation. The router calls
 * it from one thread at a time; the turn reads it after {@link #done()}.
 */
final class StepStream implements RouteListener {

    private final TurnEvents events;
    private final Runnable firstStart;
    private final CompletableFuture<StepStream> done = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, String[]> calls = new TreeMap<>();
    private final Map<Integer, StringBuilder> arguments = new TreeMap<>();
    private volatile ResponseInfo info;
    private volatile Usage usage;
    private volatile StopReason reason;
    private volatile ProviderException error;

    /** @param firstStart run once when the provider starts answering */
    StepStream(TurnEvents events, Runnable firstStart) {
        this.events = events;
        this.firstStart = firstStart;
    }

    CompletableFuture<StepStream> done() {
        return done;
    }

    @Override
    public void onProviderSwitched(ModelRef from, ModelRef to, ProviderException reason) {
        events.publish(EventType.PROVIDER_SWITCHED, Map.of("from", from.toString(), "to", to.toString(), "reason",
                String.valueOf(reason.getMessage())));
    }

    @Override
    public void onStart(ResponseInfo info) {
        this.info = info;
        firstStart.run();
    }

    @Override
    public void onTextDelta(String delta) {
        text.append(delta);
        events.publish(EventType.TEXT_DELTA, Map.of("text", delta));
    }

    @Override
    public void onToolCallStart(int index, String callId, String toolName) {
        calls.put(index, new String[] {callId, toolName});
        arguments.put(index, new StringBuilder());
        events.publish(EventType.TOOL_CALL_STARTED, Map.of("callId", callId, "tool", toolName));
    }

    @Override
    public void onToolCallDelta(int index, String fragment) {
        StringBuilder b = arguments.get(index);
        if (b != null) {
            b.append(fragment);
            events.publish(EventType.TOOL_CALL_DELTA, Map.of("callId", calls.get(index)[0], "delta", fragment));
        }
    }

    @Override
    public void onToolCallEnd(int index) {
        // the arguments are complete; the turn runs the call once the whole answer is in
    }

    @Override
    public void onUsage(Usage usage) {
        this.usage = usage;
    }

    @Override
    public void onComplete(StopReason reason) {
        this.reason = reason;
        done.complete(this);
    }

    @Override
    public void onError(ProviderException error) {
        this.error = error;
        done.complete(this);
    }

    ResponseInfo info() {
        return info;
    }

    String text() {
        return text.toString();
    }

    List<ContentPart.ToolCall> toolCalls() {
        List<ContentPart.ToolCall> out = new ArrayList<>();
        calls.forEach((i, c) -> out.add(new ContentPart.ToolCall(c[0], c[1], arguments.get(i).toString())));
        return out;
    }

    Usage usage() {
        return usage;
    }

    StopReason reason() {
        return reason;
    }

    ProviderException error() {
        return error;
    }
}
