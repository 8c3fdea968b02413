package io.coditect.studio.core.internal.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.MoeListener;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;

/**
 * A router that answers each call with the next script, on a thread of its own as a provider
 * would, and keeps the requests it got.
 */
final class ScriptedRouter implements LlmRouter {

    /** One answer: what it does to the listener. */
    interface Script extends Consumer<RouteListener> {
    }

    final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    final List<RoutedRequest> requests = new CopyOnWriteArrayList<>();
    final List<Boolean> cancelled = new CopyOnWriteArrayList<>();

    static final ResponseInfo INFO = new ResponseInfo("scripted", "scripted-1", false);

    static Script text(String... pieces) {
        return l -> {
            l.onStart(INFO);
            for (String p : pieces) {
                l.onTextDelta(p);
            }
            l.onUsage(Usage.of(100, pieces.length));
            l.onComplete(StopReason.END_TURN);
        };
    }

    /** Calls the tools given as name, json pairs. */
    static Script tools(String... nameJson) {
        return l -> {
            l.onStart(INFO);
            for (int i = 0; i < nameJson.length; i += 2) {
                int index = i / 2;
                l.onToolCallStart(index, "call-" + index + "-" + System.nanoTime(), nameJson[i]);
                String json = nameJson[i + 1];
                int half = json.length() / 2;
                l.onToolCallDelta(index, json.substring(0, half));
                l.onToolCallDelta(index, json.substring(half));
                l.onToolCallEnd(index);
            }
            l.onUsage(Usage.of(50, 10));
            l.onComplete(StopReason.TOOL_USE);
        };
    }

    static Script switched(ModelRef from, Script then) {
        return l -> {
            l.onProviderSwitched(from, ModelRef.of(INFO.providerId(), INFO.model()),
                    new ProviderException(ProviderException.Kind.UNAVAILABLE, from.providerId(), "down"));
            then.accept(l);
        };
    }

    static Script failing(String message) {
        return l -> l.onError(new ProviderException(ProviderException.Kind.UNAVAILABLE, "scripted", message));
    }

    /** Starts, streams one piece, then waits until cancelled. */
    static Script hanging(CountDownLatch streaming) {
        return l -> {
            l.onStart(INFO);
            l.onTextDelta("thinking");
            streaming.countDown();
        };
    }

    @Override
    public StreamHandle stream(RoutedRequest request, RouteListener listener) {
        requests.add(request);
        Script s = scripts.poll();
        if (s == null) {
            throw new IllegalStateException("no script left for request " + request.requestId());
        }
        int n = cancelled.size();
        cancelled.add(false);
        Thread t = new Thread(() -> s.accept(listener), "scripted-provider");
        t.start();
        return () -> cancelled.set(n, true);
    }

    @Override
    public RouteDecision explain(RoutedRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ProviderState> states() {
        return new ArrayList<>();
    }

    @Override
    public MoeHandle fanOut(RoutedRequest request, List<ModelRef> targets, MoeListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StreamHandle merge(RoutedRequest request, List<MoeAnswer> answers, RouteListener listener) {
        throw new UnsupportedOperationException();
    }
}
