package io.coditect.studio.provider.offline.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a planned answer on a shared executor, one step at a time, waiting the token delay
 * before each token.
 *
 * <p>Every event is delivered while holding this stream's lock and only while the stream has not
 * ended, so events never overlap, nothing follows the terminal event, and exactly one terminal
 * event is delivered: the planned one, {@code onComplete(CANCELLED)} after {@link #cancel()}, or
 * {@code onError(UNAVAILABLE)} when the provider stops. {@link #cancel()} itself never calls the
 * listener: it only flags the stream and schedules the final delivery, so callers holding their own
 * locks cannot deadlock with a listener call in progress.
 */
final class OfflineStream implements StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineStream.class);

    private final List<Step> steps;
    private final ChatListener listener;
    private final ScheduledExecutorService executor;
    private final long tokenDelayMillis;
    private final Consumer<OfflineStream> onEnd;

    private final Object lock = new Object();
    private volatile boolean cancelRequested;
    private volatile ProviderException abortError;
    /** The scheduled next step; written only under the lock, so finish() always sees the latest. */
    private volatile Future<?> pending;

    // guarded by lock
    private boolean ended;
    private int position;
    private boolean delayBeforeToken;
    private int listenerFailures;

    OfflineStream(List<Step> steps, ChatListener listener, ScheduledExecutorService executor, long tokenDelayMillis,
            Consumer<OfflineStream> onEnd) {
        if (steps.isEmpty() || !steps.get(steps.size() - 1).terminal()) {
            throw new IllegalArgumentException("a plan must end with a terminal step");
        }
        this.steps = List.copyOf(steps);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.tokenDelayMillis = Math.max(0, tokenDelayMillis);
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
        this.delayBeforeToken = this.tokenDelayMillis > 0;
    }

    /** Starts delivery on the executor; when the executor is gone, fails the stream at once. */
    void start() {
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            abort(stopped());
        }
    }

    @Override
    public void cancel() {
        if (cancelRequested) {
            return;
        }
        cancelRequested = true;
        Future<?> f = pending;
        if (f != null) {
            f.cancel(false);
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            run();
        }
    }

    /** Ends the stream with {@code error} unless it already ended; delivered on the calling thread. */
    void abort(ProviderException error) {
        abortError = error;
        Future<?> f = pending;
        if (f != null) {
            f.cancel(false);
        }
        synchronized (lock) {
            if (!ended) {
                finish(new Step.Fail(error));
            }
        }
    }

    /** The error a stream gets when the provider is stopped under it. */
    static ProviderException stopped() {
        return new ProviderException(ProviderException.Kind.UNAVAILABLE, AnswerPlanner.PROVIDER_ID,
                "offline provider stopped");
    }

    private void run() {
        synchronized (lock) {
            while (!ended) {
                ProviderException error = abortError;
                if (error != null) {
                    finish(new Step.Fail(error));
                    return;
                }
                if (cancelRequested) {
                    finish(new Step.Complete(StopReason.CANCELLED));
                    return;
                }
                Step step = steps.get(position);
                if (step.token() && delayBeforeToken) {
                    delayBeforeToken = false;
                    try {
                        pending = executor.schedule(this::run, tokenDelayMillis, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        finish(new Step.Fail(stopped()));
                    }
                    return;
                }
                position++;
                if (step.terminal()) {
                    finish(step);
                    return;
                }
                deliver(step);
                if (step.token()) {
                    delayBeforeToken = tokenDelayMillis > 0;
                }
            }
        }
    }

    /** Call with the lock held. */
    private void finish(Step terminal) {
        ended = true;
        Future<?> f = pending;
        if (f != null) {
            f.cancel(false);
        }
        try {
            deliver(terminal);
        } finally {
            onEnd.accept(this);
        }
    }

    private void deliver(Step step) {
        try {
            step.deliverTo(listener);
        } catch (RuntimeException e) {
            // a listener bug must not stop the stream before its terminal event; log it once
            if (listenerFailures++ == 0) {
                LOG.warn("offline provider: listener failed on {} (further failures of this stream are logged at"
                        + " debug level)", step.getClass().getSimpleName(), e);
            } else {
                LOG.debug("offline provider: listener failed on {}", step.getClass().getSimpleName(), e);
            }
        }
    }
}
