package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.Map;

import org.junit.Test;

import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;

public class SseStreamTest {

    private static SessionEvent event(long seq) {
        return new SessionEvent(seq, "s", EventType.TEXT_DELTA, Instant.EPOCH, null, "t", Map.of("text", "x"));
    }

    @Test
    public void aReplayOfKeptEventsFitsOnTopOfTheLiveSlack() {
        // a late joiner of a long session gets 3,000 kept events at once, then may lag 1,024 more
        SseStream joiner = new SseStream(0, 3000);
        for (int i = 1; i <= 3000 + SseStream.SLACK; i++) {
            joiner.onEvent(event(i));
        }
        assertThrows(IllegalStateException.class, () -> joiner.onEvent(event(5000)));

        SseStream live = new SseStream(0);
        for (int i = 1; i <= SseStream.SLACK; i++) {
            live.onEvent(event(i));
        }
        assertThrows(IllegalStateException.class, () -> live.onEvent(event(SseStream.SLACK + 1)));
    }
}
