package io.coditect.studio.ws.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import io.coditect.studio.api.chat.SessionEvent;

/**
 * The JSON of an event, made once for all the sockets of its session: the hub hands every
 * subscriber the same instance, so 1,000 watchers cost one serialisation, not 1,000.
 */
final class EventTexts {

    private static final int SLOTS = 1024;

    private record Slot(SessionEvent event, String text) {
    }

    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);
    private final Function<SessionEvent, String> json;

    EventTexts(Function<SessionEvent, String> json) {
        this.json = json;
    }

    String text(SessionEvent e) {
        int i = (System.identityHashCode(e) & 0x7fffffff) % SLOTS;
        Slot s = slots.get(i);
        if (s != null && s.event() == e) {
            return s.text();
        }
        String t = json.apply(e);
        slots.set(i, new Slot(e, t));
        return t;
    }
}
