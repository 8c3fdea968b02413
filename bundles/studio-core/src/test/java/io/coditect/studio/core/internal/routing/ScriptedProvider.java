package io.coditect.studio.core.internal.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.Usage;

/**
 * A provider that plays one script per call (then its default script), on the test's thread unless
 * given an executor. A script may {@link #HOLD}: the stream then waits for the test to
 * {@link Call#resume()}, {@link Call#fail} or cancel it.
 */
final class ScriptedProvider implements LlmProvider {

    @FunctionalInterface
    interface Step {
        void play(Call call);
    }

    static final Step HOLD = call -> {
    };

    static final class Script {
        final List<Step> steps;
        final RuntimeException thrown;

        private Script(List<Step> steps, RuntimeException thrown) {
            this.steps = steps;
            this.thrown = thrown;
        }
    }

    private final String id;
    private final List<ModelInfo> models;
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Script fallback;
    private volatile boolean offline;
    private volatile Health health = Health.up();
    private volatile Executor executor = Runnable::run;

    ScriptedProvider(String id, ModelInfo... models) {
        this.id = id;
        this.models = List.of(models);
        this.fallback = answer("answer from " + id);
    }

    static ModelInfo model(String id, int contextWindow, String inPrice, String outPrice, Capability... caps) {
        EnumSet<Capability> set = EnumSet.of(Capability.CHAT);
        set.addAll(Arrays.asList(caps));
        return new ModelInfo(id, id, set, contextWindow, new BigDecimal(inPrice), new BigDecimal(outPrice));
    }

    static ModelInfo model(String id) {
        return model(id, 100_000, "1", "5");
    }

    // scripts

    static Script script(Step... steps) {
        return new Script(List.of(steps), null);
    }

    static Script answer(String text) {
        return script(start(), text(text), usage(10, 5), complete(StopReason.END_TURN));
    }

    static Script failing(ProviderException.Kind kind) {
        return script(start(), error(kind, null));
    }

    static Script failing(ProviderException.Kind kind, Duration retryAfter) {
        return script(start(), usage(3, 0), error(kind, retryAfter));
    }

    static Script throwing(RuntimeException e) {
        return new Script(List.of(), e);
    }

    static Step start() {
        return c -> c.listener.onStart(new ResponseInfo(c.provider.id, c.request.model(), c.provider.offline));
    }

    static Step text(String text) {
        return c -> c.listener.onTextDelta(text);
    }

    static Step usage(long in, long out) {
        return c -> c.listener.onUsage(Usage.of(in, out));
    }

    static Step toolCall(int index, String callId, String name, String... argumentFragments) {
        return c -> {
            c.listener.onToolCallStart(index, callId, name);
            for (String f : argumentFragments) {
                c.listener.onToolCallDelta(index, f);
            }
            c.listener.onToolCallEnd(index);
        };
    }

    static Step complete(StopReason reason) {
        return c -> c.end(() -> c.listener.onComplete(reason));
    }

    static Step error(ProviderException.Kind kind, Duration retryAfter) {
        return c -> c.fail(new ProviderException(kind, c.provider.id, c.provider.id + ": scripted " + kind, retryAfter,
                null));
    }

    // set-up

    synchronized ScriptedProvider then(Script... next) {
        scripts.addAll(Arrays.asList(next));
        return this;
    }

    ScriptedProvider otherwise(Script script) {
        fallback = script;
        return this;
    }

    ScriptedProvider offline(boolean value) {
        offline = value;
        return this;
    }

    ScriptedProvider health(Health value) {
        health = value;
        return this;
    }

    ScriptedProvider on(Executor value) {
        executor = value;
        return this;
    }

    List<Call> calls() {
        return calls;
    }

    Call lastCall() {
        return calls.get(calls.size() - 1);
    }

    // LlmProvider

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return "Scripted " + id;
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    @Override
    public boolean offline() {
        return offline;
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        Script s;
        synchronized (this) {
            s = scripts.isEmpty() ? fallback : scripts.poll();
        }
        if (s.thrown != null) {
            throw s.thrown;
        }
        Call call = new Call(this, request, listener, s.steps);
        calls.add(call);
        executor.execute(call::play);
        return call;
    }

    /** One stream of this provider. */
    static final class Call implements StreamHandle {

        final ScriptedProvider provider;
        final ChatRequest request;
        final ChatListener listener;
        private final List<Step> steps;
        private int position;
        private boolean ended;
        private int cancels;

        Call(ScriptedProvider provider, ChatRequest request, ChatListener listener, List<Step> steps) {
            this.provider = provider;
            this.request = request;
            this.listener = listener;
            this.steps = steps;
        }

        synchronized void play() {
            while (!ended && position < steps.size()) {
                Step s = steps.get(position++);
                if (s == HOLD) {
                    return;
                }
                s.play(this);
            }
        }

        void resume() {
            provider.executor.execute(this::play);
        }

        synchronized void fail(ProviderException e) {
            end(() -> listener.onError(e));
        }

        synchronized void end(Runnable terminal) {
            if (!ended) {
                ended = true;
                terminal.run();
            }
        }

        synchronized boolean ended() {
            return ended;
        }

        synchronized int cancels() {
            return cancels;
        }

        @Override
        public synchronized void cancel() {
            cancels++;
            end(() -> listener.onComplete(StopReason.CANCELLED));
        }
    }
}
