package io.coditect.studio.core.internal.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.core.internal.usage.UsageLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One routed request: tries the ranked candidates in turn, retrying a candidate that failed in a
 * retryable way, until one answers.
 *
 * <p>The caller's listener gets one attempt's events only. An attempt holds back {@code onStart}
 * and usage until its first content (text or tool call), so an attempt that fails before that
 * leaves no trace but {@code onProviderSwitched}; from the first content on, events pass straight
 * through (no lock, no allocation) and a failure ends the stream as CUT_MID_STREAM.
 *
 * <p>Why events are never concurrent: at any time only one party may deliver. That is the running
 * attempt's provider thread, or, once the attempt has ended, the thread handling its end; that
 * thread delivers its notices before it hands over to a scheduled task ({@link Pending}), which
 * either runs (and may start the next attempt) or is claimed by {@link #cancel()}, never both.
 * Exactly one terminal event is guaranteed by {@link #ended}. The router never calls the listener
 * on the thread that called {@code stream}: a first attempt that fails synchronously is handled on
 * a router thread.
 */
final class RoutedStream implements StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(RoutedStream.class);

    private final Router router;
    private final RoutedRequest request;
    private final Requirements needs;
    private final List<Option> plan;
    private final RouteListener listener;
    private final ModelRef restrict;
    private final Consumer<RoutedStream> onEnd;

    // touched by one thread at a time, handed over with the attempts and scheduled tasks
    private int next;
    private long waitedMillis;
    private List<ProviderException> failures;
    private List<String> skipped;
    private int listenerFailures;

    private volatile Attempt current;
    private volatile Pending pending;
    private volatile boolean cancelled;
    private final AtomicBoolean ended = new AtomicBoolean();

    RoutedStream(Router router, RoutedRequest request, Requirements needs, List<Option> plan, RouteListener listener,
            ModelRef restrict, Consumer<RoutedStream> onEnd) {
        this.router = router;
        this.request = request;
        this.needs = needs;
        this.plan = plan;
        this.listener = listener;
        this.restrict = restrict;
        this.onEnd = onEnd;
    }

    /** Starts the first attempt on the caller's thread. */
    void start() {
        if (!launchNext(null, null)) {
            schedulePending(this::giveUp, 0);
        }
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        Attempt a = current;
        if (a != null) {
            a.cancel();
        }
        Pending p = pending;
        if (p != null && p.claim()) {
            finishCancelled();
        }
    }

    boolean ended() {
        return ended.get();
    }

    /**
     * Starts the next candidate that is still registered and whose breaker and budget let it
     * through; false when none is left.
     */
    private boolean launchNext(ModelRef from, ProviderException why) {
        while (next < plan.size()) {
            Option o = plan.get(next++);
            CircuitBreaker.Permit permit = permit(o);
            if (permit != CircuitBreaker.Permit.DENIED) {
                launch(o, permit, 1, from, why);
                return true;
            }
        }
        return false;
    }

    private CircuitBreaker.Permit permit(Option o) {
        if (!router.registered(o)) {
            skipped(o.target + " left");
            return CircuitBreaker.Permit.DENIED;
        }
        UsageLedger.Refusal refusal = router.ledger.refusal(request.scope(), o.target, needs.estimatedTokens(),
                o.costUsd);
        if (refusal != null) {
            skipped(o.target + " skipped: " + refusal.message());
            return CircuitBreaker.Permit.DENIED;
        }
        CircuitBreaker.Permit permit = o.breaker.tryAcquire(router.now(), router.settings());
        if (permit == CircuitBreaker.Permit.DENIED) {
            skipped(o.target + " skipped: circuit open or throttled");
        }
        return permit;
    }

    private void skipped(String why) {
        if (skipped == null) {
            skipped = new ArrayList<>(2);
        }
        skipped.add(why);
    }

    private void launch(Option o, CircuitBreaker.Permit permit, int number, ModelRef from, ProviderException why) {
        boolean probe = permit == CircuitBreaker.Permit.PROBE;
        if (cancelled) {
            o.breaker.released(probe);
            finishCancelled();
            return;
        }
        if (from != null) {
            LOG.info("{}: {} failed before its first content ({}); {} answers instead", label(), from,
                    describe(why), o.target);
            deliver("onProviderSwitched", () -> listener.onProviderSwitched(from, o.target, why));
        }
        Attempt a = new Attempt(o, probe, number);
        current = a;
        a.startingThread = Thread.currentThread();
        StreamHandle handle = null;
        try {
            handle = o.provider.stream(o.chat(request.chat()), a);
        } catch (ProviderException e) {
            a.onError(e);
        } catch (RuntimeException e) {
            a.onError(new ProviderException(ProviderException.Kind.UNAVAILABLE, o.providerId,
                    o.target + " failed to start a stream: " + e, null, e));
        } finally {
            a.startingThread = null;
        }
        if (handle != null) {
            a.handle = handle;
            if (cancelled || a.cancelRequested) {
                handle.cancel();
            }
        }
    }

    /** After a failure before the first content: retry the same model, move to the next, or give up. */
    private void failedBeforeContent(Attempt a, ProviderException e) {
        if (failures == null) {
            failures = new ArrayList<>(2);
        }
        failures.add(e);
        Option o = a.option;
        if (e.kind() == ProviderException.Kind.BAD_REQUEST) {
            // the request itself is wrong: every other model would refuse it too
            finishError(new ProviderException(ProviderException.Kind.BAD_REQUEST, o.providerId,
                    o.target + " refused the request: " + e.getMessage(), e.retryAfter().orElse(null), e));
            return;
        }
        RouterSettings s = router.settings();
        if (e.kind().retryable() && a.number < s.maxAttempts()) {
            long remaining = s.maxTotalWait().toMillis() - waitedMillis;
            long retryAfter = e.retryAfter().map(Duration::toMillis).orElse(0L);
            if (remaining > 0 && retryAfter <= remaining) {
                long delay = Math.min(Backoff.delayMillis(a.number, retryAfter, s, router.random.getAsDouble()),
                        remaining);
                waitedMillis += delay;
                int number = a.number + 1;
                Duration wait = Duration.ofMillis(delay);
                LOG.info("{}: {} failed before its first content ({}); try {} in {} ms", label(), o.target,
                        describe(e), number, delay);
                deliver("onRetry", () -> listener.onRetry(o.target, number, wait, e));
                schedulePending(() -> retry(o, number, e), delay);
                return;
            }
            LOG.info("{}: {} asks to wait {} ms, more than the {} ms left to wait; moving on", label(), o.target,
                    retryAfter, Math.max(remaining, 0));
        }
        schedulePending(() -> {
            if (!launchNext(o.target, e)) {
                giveUp();
            }
        }, 0);
    }

    private void retry(Option o, int number, ProviderException why) {
        CircuitBreaker.Permit permit = permit(o);
        if (permit == CircuitBreaker.Permit.DENIED) {
            if (!launchNext(o.target, why)) {
                giveUp();
            }
            return;
        }
        launch(o, permit, number, null, null);
    }

    private void giveUp() {
        finishError(router.noAnswer(request, needs, restrict, failures == null ? List.of() : failures,
                skipped == null ? List.of() : skipped));
    }

    private void schedulePending(Runnable task, long delayMillis) {
        Pending p = new Pending(task);
        pending = p;
        if (!schedule(p, delayMillis)) {
            if (p.claim()) {
                finishError(stopped());
            }
            return;
        }
        if (cancelled && p.claim()) {
            finishCancelled();
        }
    }

    /** @return false when the router has stopped */
    private boolean schedule(Runnable task, long delayMillis) {
        try {
            Future<?> f = router.scheduler.schedule(task, delayMillis);
            if (task instanceof Pending p) {
                p.future = f;
            }
            return true;
        } catch (RejectedExecutionException e) {
            if (!(task instanceof Pending)) {
                finishError(stopped());
            }
            return false;
        }
    }

    private ProviderException stopped() {
        return new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "the LLM router stopped while "
                + label() + " was waiting");
    }

    private void finishCancelled() {
        if (ended.compareAndSet(false, true)) {
            deliver("onComplete", () -> listener.onComplete(StopReason.CANCELLED));
            onEnd.accept(this);
        }
    }

    private void finishError(ProviderException e) {
        if (ended.compareAndSet(false, true)) {
            LOG.info("{}: failed: {}", label(), e.getMessage());
            deliver("onError", () -> listener.onError(e));
            onEnd.accept(this);
        }
    }

    private void finishComplete(StopReason reason) {
        if (ended.compareAndSet(false, true)) {
            deliver("onComplete", () -> listener.onComplete(reason));
            onEnd.accept(this);
        }
    }

    private void deliver(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            listenerFailed(what, e);
        }
    }

    private void listenerFailed(String what, RuntimeException e) {
        if (listenerFailures++ == 0) {
            LOG.warn("{}: the listener failed in {} (further failures of this stream at debug level)", label(), what,
                    e);
        } else {
            LOG.debug("{}: the listener failed in {}", label(), what, e);
        }
    }

    private String label() {
        String id = "request " + StudioIds.printable(request.requestId());
        return restrict == null ? id : id + " [" + restrict + "]";
    }

    private static String describe(ProviderException e) {
        return e.kind() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A retry or fallback waiting on the scheduler; runs, or is claimed by cancel, exactly once. */
    private final class Pending implements Runnable {

        private final Runnable task;
        private final AtomicBoolean claimed = new AtomicBoolean();
        volatile Future<?> future;

        Pending(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            if (cancelled) {
                finishCancelled();
            } else {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("{}: routing failed", label(), e);
                    finishError(new ProviderException(ProviderException.Kind.UNAVAILABLE, null,
                            "the LLM router failed on " + label() + ": " + e, null, e));
                }
            }
        }

        /** @return true when the task will never run and the caller must end the stream */
        boolean claim() {
            if (!claimed.compareAndSet(false, true)) {
                return false;
            }
            Future<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            return true;
        }
    }

    /** One call of one provider; the listener the provider sees. */
    private final class Attempt implements ChatListener {

        final Option option;
        final boolean probe;
        final int number;
        volatile Thread startingThread;
        volatile StreamHandle handle;
        volatile boolean cancelRequested;
        private volatile boolean over;
        private boolean forwarding;
        private ResponseInfo info;
        private Usage usage;

        Attempt(Option option, boolean probe, int number) {
            this.option = option;
            this.probe = probe;
            this.number = number;
        }

        void cancel() {
            cancelRequested = true;
            StreamHandle h = handle;
            if (h != null) {
                h.cancel();
            }
        }

        private boolean live() {
            return !over && current == this;
        }

        /** Content arrives: from now on the caller sees this attempt. */
        private boolean content() {
            if (!live()) {
                return false;
            }
            if (!forwarding) {
                forward();
            }
            return true;
        }

        private void forward() {
            forwarding = true;
            ResponseInfo i = info != null ? info : new ResponseInfo(option.providerId, option.model.id(), option.offline);
            deliver("onStart", () -> listener.onStart(i));
            Usage u = usage;
            if (u != null) {
                deliver("onUsage", () -> listener.onUsage(u));
            }
        }

        @Override
        public void onStart(ResponseInfo i) {
            if (live() && !forwarding) {
                info = i;
            }
        }

        // the per-token path: no lambda, no lock, two volatile reads

        @Override
        public void onTextDelta(String text) {
            if (content()) {
                try {
                    listener.onTextDelta(text);
                } catch (RuntimeException e) {
                    listenerFailed("onTextDelta", e);
                }
            }
        }

        @Override
        public void onToolCallStart(int index, String callId, String toolName) {
            if (content()) {
                try {
                    listener.onToolCallStart(index, callId, toolName);
                } catch (RuntimeException e) {
                    listenerFailed("onToolCallStart", e);
                }
            }
        }

        @Override
        public void onToolCallDelta(int index, String argumentsJsonFragment) {
            if (content()) {
                try {
                    listener.onToolCallDelta(index, argumentsJsonFragment);
                } catch (RuntimeException e) {
                    listenerFailed("onToolCallDelta", e);
                }
            }
        }

        @Override
        public void onToolCallEnd(int index) {
            if (content()) {
                try {
                    listener.onToolCallEnd(index);
                } catch (RuntimeException e) {
                    listenerFailed("onToolCallEnd", e);
                }
            }
        }

        @Override
        public void onUsage(Usage u) {
            if (!live() || u == null) {
                return;
            }
            usage = u;
            if (forwarding) {
                try {
                    listener.onUsage(u);
                } catch (RuntimeException e) {
                    listenerFailed("onUsage", e);
                }
            }
        }

        @Override
        public void onComplete(StopReason reason) {
            if (!live()) {
                return;
            }
            over = true;
            router.record(request, option, usage);
            if (reason == StopReason.CANCELLED) {
                option.breaker.released(probe);
                finishCancelled();
                return;
            }
            option.breaker.succeeded(router.now(), probe);
            if (!forwarding) {
                forward();
            }
            // a stream that ended normally while a cancel was on its way reports how it really ended
            finishComplete(reason == null ? StopReason.END_TURN : reason);
        }

        @Override
        public void onError(ProviderException error) {
            if (!live()) {
                return;
            }
            over = true;
            ProviderException e = error != null ? error : new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    option.providerId, option.target + " failed without saying why");
            if (Thread.currentThread() == startingThread) {
                // inside stream(): handle it on a router thread, never on the caller's
                schedule(() -> failed(e), 0);
            } else {
                failed(e);
            }
        }

        private void failed(ProviderException e) {
            router.record(request, option, usage);
            if (cancelled) {
                option.breaker.released(probe);
                finishCancelled();
                return;
            }
            router.failed(option, e, probe, label());
            if (forwarding) {
                finishError(new ProviderException(ProviderException.Kind.CUT_MID_STREAM, option.providerId,
                        option.target + " failed mid-answer (" + describe(e) + "); the partial answer cannot be"
                                + " resumed", null, e));
                return;
            }
            failedBeforeContent(this, e);
        }
    }
}
