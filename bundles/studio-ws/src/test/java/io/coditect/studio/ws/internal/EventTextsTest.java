package io.coditect.studio.ws.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;

public class EventTextsTest {

    @Test
    public void oneSerialisationPerEventInstance() {
        AtomicInteger made = new AtomicInteger();
        EventTexts texts = new EventTexts(e -> ("json-" + e.seq() + "-" + made.incrementAndGet())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SessionEvent a = new SessionEvent(1, "s", EventType.PRESENCE, Instant.EPOCH, "u", null, Map.of());
        SessionEvent equalButAnother = new SessionEvent(1, "s", EventType.PRESENCE, Instant.EPOCH, "u", null, Map.of());
        byte[] first = texts.text(a);
        for (int i = 0; i < 1000; i++) {
            assertSame(first, texts.text(a));
        }
        assertEquals(1, made.get());
        assertEquals("json-1-2", new String(texts.text(equalButAnother), java.nio.charset.StandardCharsets.UTF_8));
    }
}
