package io.coditect.studio.itests;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;

/** A routed answer gathered whole: who answered, its text, and how it ended. */
final class RoutedAnswer implements RouteListener {

    /** How one routed stream ended. */
    record Outcome(String provider, StopReason reason, ProviderException error, boolean switched, String text) {
    }

    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private volatile String provider;
    private volatile boolean switched;

    /** Asks the router for a short answer to {@code prompt}, preferring {@code preferred}'s models. */
    static CompletableFuture<Outcome> route(LlmRouter router, String requestId, String preferred, String prompt) {
        RoutedAnswer a = new RoutedAnswer();
        ChatRequest chat = new ChatRequest("", "", List.of(ChatMessage.user(prompt)), List.of(), 64, null);
        router.stream(RoutedRequest.of(requestId, chat).withPreferred(ModelRef.provider(preferred)), a);
        return a.done;
    }

    @Override
    public void onProviderSwitched(ModelRef from, ModelRef to, ProviderException reason) {
        switched = true;
    }

    @Override
    public void onStart(ResponseInfo info) {
        provider = info.providerId();
    }

    @Override
    public void onTextDelta(String delta) {
        text.append(delta);
    }

    @Override
    public void onToolCallStart(int index, String callId, String toolName) {
    }

    @Override
    public void onToolCallDelta(int index, String fragment) {
    }

    @Override
    public void onToolCallEnd(int index) {
    }

    @Override
    public void onUsage(Usage usage) {
    }

    @Override
    public void onComplete(StopReason reason) {
        done.complete(new Outcome(provider, reason, null, switched, text.toString()));
    }

    @Override
    public void onError(ProviderException error) {
        done.complete(new Outcome(provider, null, error, switched, text.toString()));
    }
}
