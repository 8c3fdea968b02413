package io.coditect.studio.rest.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.Usage;

/**
 * Sends one tiny prompt to a provider and reports what happened, so an admin can check a
 * configuration (key, URL, model) without opening a session.
 */
final class ProviderProbe {

    static final String DEFAULT_PROMPT = "Reply with the single word OK.";

    /** The outcome; a failed call is a result too, not an HTTP error. */
    record Result(boolean ok, String provider, String model, boolean offline, Long firstTokenMs, Long totalMs,
            String text, String stopReason, Long inputTokens, Long outputTokens, String errorKind, String error) {
    }

    private ProviderProbe() {
    }

    static Result run(LlmProvider provider, String model, String prompt, Duration timeout) {
        String chosen = model == null || model.isBlank() ? defaultModel(provider) : model;
        Probe probe = new Probe();
        long start = System.nanoTime();
        StreamHandle handle;
        try {
            handle = provider.stream(new ChatRequest(chosen, "", List.of(ChatMessage.user(
                    prompt == null || prompt.isBlank() ? DEFAULT_PROMPT : prompt)), List.of(), 64, null), probe);
        } catch (ProviderException e) {
            return failure(provider, chosen, e.kind().name(), e.getMessage());
        }
        try {
            StopReason reason = probe.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long total = (System.nanoTime() - start) / 1_000_000;
            Long first = probe.firstToken == 0 ? null : (probe.firstToken - start) / 1_000_000;
            Usage u = probe.usage;
            return new Result(true, provider.id(), probe.model == null ? chosen : probe.model, probe.offline, first,
                    total, probe.text.toString(), reason.name(), u == null ? null : u.inputTokens(),
                    u == null ? null : u.outputTokens(), null, null);
        } catch (ExecutionException e) {
            ProviderException p = (ProviderException) e.getCause();
            return failure(provider, chosen, p.kind().name(), p.getMessage());
        } catch (TimeoutException e) {
            handle.cancel();
            return failure(provider, chosen, "TIMEOUT", "no complete answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel();
            return failure(provider, chosen, "INTERRUPTED", "the probe was interrupted");
        }
    }

    private static Result failure(LlmProvider p, String model, String kind, String message) {
        return new Result(false, p.id(), model, p.offline(), null, null, null, null, null, null, kind, message);
    }

    private static String defaultModel(LlmProvider provider) {
        List<ModelInfo> models = provider.models();
        if (models.isEmpty()) {
            throw new IllegalArgumentException("provider '" + provider.id() + "' lists no models; configure one");
        }
        return models.stream().filter(m -> m.supports(Capability.CHAT)).findFirst().orElse(models.get(0)).id();
    }

    private static final class Probe implements ChatListener {
        final CompletableFuture<StopReason> done = new CompletableFuture<>();
        final StringBuilder text = new StringBuilder();
        volatile long firstToken;
        volatile String model;
        volatile boolean offline;
        volatile Usage usage;

        @Override
        public void onStart(ResponseInfo info) {
            model = info.model();
            offline = info.offline();
        }

        @Override
        public void onTextDelta(String delta) {
            if (firstToken == 0) {
                firstToken = System.nanoTime();
            }
            synchronized (text) {
                if (text.length() < 2000) {
                    text.append(delta);
                }
            }
        }

        @Override
        public void onToolCallStart(int index, String callId, String toolName) {
            if (firstToken == 0) {
                firstToken = System.nanoTime();
            }
        }

        @Override
        public void onToolCallDelta(int index, String argumentsJsonFragment) {
        }

        @Override
        public void onToolCallEnd(int index) {
        }

        @Override
        public void onUsage(Usage u) {
            usage = u;
        }

        @Override
        public void onComplete(StopReason reason) {
            done.complete(reason);
        }

        @Override
        public void onError(ProviderException error) {
            done.completeExceptionally(error);
        }
    }
}
