package io.coditect.studio.core.internal.routing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.ModelRef;

/** A running fan-out: one routed stream per target, complete when every one has ended. */
final class FanOut implements MoeHandle {

    private final List<ModelRef> targets;
    private final MoeAnswer[] answers;
    private final AtomicInteger remaining;
    private final CompletableFuture<List<MoeAnswer>> done = new CompletableFuture<>();
    private volatile List<RoutedStream> legs = List.of();

    FanOut(List<ModelRef> targets) {
        this.targets = List.copyOf(targets);
        this.answers = new MoeAnswer[targets.size()];
        this.remaining = new AtomicInteger(targets.size());
    }

    void legs(List<RoutedStream> legs) {
        this.legs = List.copyOf(legs);
    }

    void answered(int index, MoeAnswer answer) {
        synchronized (answers) {
            answers[index] = answer;
        }
        if (remaining.decrementAndGet() == 0) {
            List<MoeAnswer> all;
            synchronized (answers) {
                all = List.copyOf(Arrays.asList(answers));
            }
            done.complete(all);
        }
    }

    @Override
    public List<ModelRef> targets() {
        return targets;
    }

    @Override
    public CompletionStage<List<MoeAnswer>> answers() {
        return done.minimalCompletionStage();
    }

    @Override
    public void cancel() {
        for (RoutedStream leg : legs) {
            leg.cancel();
        }
    }
}
