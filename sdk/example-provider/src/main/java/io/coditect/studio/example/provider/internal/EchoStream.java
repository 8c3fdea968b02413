package io.coditect.studio.example.provider.internal;

import java.util.List;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;

/**
 * One answer being streamed. Every method but {@link #cancel} runs on the provider's thread, which
 * is what keeps the listener's calls ordered and never concurrent; {@code cancel} only hands its
 * work to that thread.
 */
final class EchoStream {

    private final EchoUpperProvider provider;
    private final String model;
    private final List<String> words;
    private final ChatListener listener;
    private int next;
    private boolean ended;

    EchoStream(EchoUpperProvider provider, String model, List<String> words, ChatListener listener) {
        this.provider = provider;
        this.model = model;
        this.words = words;
        this.listener = listener;
    }

    void begin() {
        listener.onStart(new ResponseInfo(provider.id(), model, true));
        schedule();
    }

    private void schedule() {
        if (!provider.later(this::step, next == 0 ? 0 : provider.delayMillis())) {
            fail(new ProviderException(ProviderException.Kind.UNAVAILABLE, provider.id(), provider.id() + " is stopping"));
        }
    }

    private void step() {
        if (ended) {
            return;
        }
        if (next < words.size()) {
            listener.onTextDelta(words.get(next++));
            schedule();
            return;
        }
        int out = words.size();
        listener.onUsage(Usage.of(out, out));
        end();
        listener.onComplete(StopReason.END_TURN);
    }

    /** Idempotent; the stream then ends with {@code onComplete(CANCELLED)} unless it already ended. */
    void cancel() {
        provider.later(() -> {
            if (!ended) {
                end();
                listener.onComplete(StopReason.CANCELLED);
            }
        }, 0);
    }

    void fail(ProviderException e) {
        if (!ended) {
            end();
            listener.onError(e);
        }
    }

    private void end() {
        ended = true;
        provider.ended(this);
    }
}
