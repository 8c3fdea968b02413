package io.coditect.studio.ws.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import io.coditect.studio.api.chat.SessionEvent;

/**
 * The JSON of an event, made once for all the sockets of its session (as the UTF-8 bytes a frame
 * carries): the hub hands every subscriber the same instance, so 1,000 watchers cost one
 * serialisation and one encoding, not 1,000.
 */
final class EventTexts {

    private static final int SLOTS = 1024;

    private record Slot(SessionEvent event, byte[] text) {
    }

    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);
    private final Function<SessionEvent, byte[]> json;

    EventTexts(Function<SessionEvent, byte[]> json) {
        this.json = json;
    }

    /** Shared by every socket of the event: never written to. */
    byte[] text(SessionEvent e) {
        int i = (System.identityHashCode(e) & 0x7fffffff) % SLOTS;
        Slot s = slots.get(i);
        if (s != null && s.event() == e) {
            return s.text();
        }
        byte[] t = json.apply(e);
        slots.set(i, new Slot(e, t));
        return t;
    }
}
