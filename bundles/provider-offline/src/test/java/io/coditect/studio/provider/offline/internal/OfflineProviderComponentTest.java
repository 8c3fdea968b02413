package io.coditect.studio.provider.offline.internal;

import io.coditect.studio.provider.support.testing.RecordingListener;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StopReason;
import org.junit.Test;

public class OfflineProviderComponentTest {

    /** What SCR passes to the constructor: a proxy of the configuration annotation. */
    private static OfflineProviderConfig config(int delayMillis) {
        return (OfflineProviderConfig) Proxy.newProxyInstance(OfflineProviderConfig.class.getClassLoader(),
                new Class<?>[] { OfflineProviderConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("token_delay_ms")) {
                        return delayMillis;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void delegatesToTheOfflineProvider() throws InterruptedException {
        OfflineProviderComponent component = new OfflineProviderComponent(config(0));
        try {
            assertEquals("offline", component.id());
            assertEquals("Offline (no LLM)", component.displayName());
            assertTrue(component.offline());
            assertTrue(component.health().isUp());
            assertEquals("offline-echo", component.models().get(0).id());
            RecordingListener listener = new RecordingListener();
            component.stream(ChatRequest.of("offline-echo", List.of(ChatMessage.user("hi"))), listener);
            listener.awaitEnd();
            listener.assertWellFormed();
            assertEquals(new RecordingListener.Complete(StopReason.END_TURN), listener.last());
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void deactivationEndsRunningStreams() throws InterruptedException {
        OfflineProviderComponent component = new OfflineProviderComponent(config(OfflineProviderConfig.MAX_TOKEN_DELAY_MS));
        CountDownLatch started = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().onEvent(e -> started.countDown());
        component.stream(ChatRequest.of("offline-echo", List.of(ChatMessage.user("hi"))), listener);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        component.deactivate();
        listener.awaitEnd();
        listener.assertWellFormed();
        assertEquals(ProviderException.Kind.UNAVAILABLE, ((RecordingListener.Error) listener.last()).error().kind());
    }
}
