package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.Test;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.usage.RateLimitedException;

public class OpenStreamsTest {

    private static Caller user(String id) {
        return new Caller("acme", id, Credential.PASSWORD, "cred-" + id, null, Map.of(), Set.of(), false, null);
    }

    @Test
    public void onePersonHoldsAFewStreamsAndTheNodeABoundedNumber() {
        OpenStreams streams = new OpenStreams(2, 3);
        SseStream a1 = new SseStream(0);
        streams.opened(user("ann"), a1);
        streams.opened(user("ann"), new SseStream(0));
        RateLimitedException mine = assertThrows(RateLimitedException.class,
                () -> streams.opened(user("ann"), new SseStream(0)));
        assertTrue(mine.getMessage(), mine.getMessage().contains("WebSocket"));
        streams.opened(user("bob"), new SseStream(0));
        RateLimitedException node = assertThrows(RateLimitedException.class,
                () -> streams.opened(user("cyd"), new SseStream(0)));
        assertTrue(node.getMessage(), node.getMessage().contains("this studio node"));
        // a closed stream frees its place for its owner and for the node
        streams.closed(user("ann"), a1);
        streams.opened(user("ann"), new SseStream(0));
        assertThrows(RateLimitedException.class, () -> streams.opened(user("cyd"), new SseStream(0)));
    }
}
