package io.coditect.studio.core.internal.tenancy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Keeps what is posted, for the tests to read. */
final class RecordingEventAdmin implements EventAdmin {

    final List<Event> posted = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        posted.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        posted.add(event);
    }
}
