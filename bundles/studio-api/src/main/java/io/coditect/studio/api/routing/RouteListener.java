package io.coditect.studio.api.routing;

import java.time.Duration;
import java.util.Objects;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a routed answer: the events of the provider that answers (see {@link ChatListener}) and
 * what the router did before it. Both added events come before the first {@code onStart}; the
 * defaults ignore them.
 */
@ConsumerType
public interface RouteListener extends ChatListener {

    /**
     * {@code from} failed before the first content, or asked to wait longer than the router waits,
     * and {@code to} answers instead. Nothing of {@code from}'s attempt was delivered.
     */
    default void onProviderSwitched(ModelRef from, ModelRef to, ProviderException reason) {
    }

    /**
     * {@code target} failed before the first content and is tried again after {@code delay};
     * {@code attempt} is the number of the coming try (2 for the first retry).
     */
    default void onRetry(ModelRef target, int attempt, Duration delay, ProviderException reason) {
    }

    /** {@code listener} as a RouteListener that ignores switches and retries. */
    static RouteListener of(ChatListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listener instanceof RouteListener r) {
            return r;
        }
        return new RouteListener() {
            @Override
            public void onStart(ResponseInfo info) {
                listener.onStart(info);
            }

            @Override
            public void onTextDelta(String text) {
                listener.onTextDelta(text);
            }

            @Override
            public void onToolCallStart(int index, String callId, String toolName) {
                listener.onToolCallStart(index, callId, toolName);
            }

            @Override
            public void onToolCallDelta(int index, String argumentsJsonFragment) {
                listener.onToolCallDelta(index, argumentsJsonFragment);
            }

            @Override
            public void onToolCallEnd(int index) {
                listener.onToolCallEnd(index);
            }

            @Override
            public void onUsage(Usage usage) {
                listener.onUsage(usage);
            }

            @Override
            public void onComplete(StopReason reason) {
                listener.onComplete(reason);
            }

            @Override
            public void onError(ProviderException error) {
                listener.onError(error);
            }
        };
    }
}
