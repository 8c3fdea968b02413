package io.coditect.studio.security.internal;

import io.coditect.studio.api.tenancy.TenancyEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/** Drops cached roles when Event Admin reports an access change ({@link TenancyEvents#TOPIC_ACCESS_CHANGED}). */
final class AccessChangeHandler implements EventHandler {

    private final AccessDirectory directory;

    AccessChangeHandler(AccessDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void handleEvent(Event event) {
        Object org = event.getProperty(TenancyEvents.ORG_ID);
        Object user = event.getProperty(TenancyEvents.USER_ID);
        directory.invalidate(org instanceof String o ? o : null, org instanceof String && user instanceof String u ? u
                : null);
    }
}
