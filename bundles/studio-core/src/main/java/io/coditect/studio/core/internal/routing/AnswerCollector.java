package io.coditect.studio.core.internal.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RouteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener of one fan-out answer: passes every event on to the caller's listener (if any) and
 * collects the answer whole. Called by one routed stream, so never concurrently.
 */
final class AnswerCollector implements RouteListener {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerCollector.class);

    private static final class Call {
        final String id;
        final String name;
        final StringBuilder arguments = new StringBuilder();

        Call(String id, String name) {
            this.id = id == null ? "" : id;
            this.name = name == null ? "" : name;
        }
    }

    private final FanOut fanOut;
    private final int index;
    private final ModelRef target;
    private final RouteListener next;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Call> calls = new TreeMap<>();
    private ResponseInfo info;
    private Usage usage;

    AnswerCollector(FanOut fanOut, int index, ModelRef target, RouteListener next) {
        this.fanOut = fanOut;
        this.index = index;
        this.target = target;
        this.next = next;
    }

    @Override
    public void onProviderSwitched(ModelRef from, ModelRef to, ProviderException reason) {
        pass(() -> next.onProviderSwitched(from, to, reason));
    }

    @Override
    public void onRetry(ModelRef t, int attempt, Duration delay, ProviderException reason) {
        pass(() -> next.onRetry(t, attempt, delay, reason));
    }

    @Override
    public void onStart(ResponseInfo i) {
        info = i;
        pass(() -> next.onStart(i));
    }

    @Override
    public void onTextDelta(String t) {
        text.append(t);
        if (next != null) {
            try {
                next.onTextDelta(t);
            } catch (RuntimeException e) {
                LOG.warn("fan-out answer of {}: the listener failed", target, e);
            }
        }
    }

    @Override
    public void onToolCallStart(int i, String callId, String toolName) {
        calls.put(i, new Call(callId, toolName));
        pass(() -> next.onToolCallStart(i, callId, toolName));
    }

    @Override
    public void onToolCallDelta(int i, String fragment) {
        Call c = calls.get(i);
        if (c != null && fragment != null) {
            c.arguments.append(fragment);
        }
        pass(() -> next.onToolCallDelta(i, fragment));
    }

    @Override
    public void onToolCallEnd(int i) {
        pass(() -> next.onToolCallEnd(i));
    }

    @Override
    public void onUsage(Usage u) {
        usage = u;
        pass(() -> next.onUsage(u));
    }

    @Override
    public void onComplete(StopReason reason) {
        pass(() -> next.onComplete(reason));
        fanOut.answered(index, answer(reason, null));
    }

    @Override
    public void onError(ProviderException error) {
        pass(() -> next.onError(error));
        fanOut.answered(index, answer(null, error));
    }

    private MoeAnswer answer(StopReason reason, ProviderException error) {
        List<ContentPart.ToolCall> toolCalls = new ArrayList<>(calls.size());
        for (Call c : calls.values()) {
            toolCalls.add(new ContentPart.ToolCall(c.id, c.name, c.arguments.toString()));
        }
        return new MoeAnswer(target, info, text.toString(), toolCalls, usage, reason, error);
    }

    private void pass(Runnable call) {
        if (next == null) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("fan-out answer of {}: the listener failed", target, e);
        }
    }
}
