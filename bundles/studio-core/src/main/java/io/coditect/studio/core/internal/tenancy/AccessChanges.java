package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.tenancy.TenancyEvents;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the nodes' caches of roles and users that access changed, after the change committed. Event
 * Admin is optional: without it caches only expire by age.
 */
final class AccessChanges {

    private static final Logger LOG = LoggerFactory.getLogger(AccessChanges.class);

    private final AtomicReference<EventAdmin> events = new AtomicReference<>();

    AccessChanges(EventAdmin events) {
        this.events.set(events);
    }

    void bind(EventAdmin admin) {
        events.set(admin);
    }

    void unbind(EventAdmin admin) {
        events.compareAndSet(admin, null);
    }

    /** A user's roles or state changed. */
    void userChanged(String orgId, String userId) {
        post(Map.of(TenancyEvents.ORG_ID, orgId, TenancyEvents.USER_ID, userId));
    }

    /** Roles of several users changed at once (a team or the organisation went): without a user id. */
    void organisationChanged(String orgId) {
        post(Map.of(TenancyEvents.ORG_ID, orgId));
    }

    private void post(Map<String, String> properties) {
        EventAdmin admin = events.get();
        if (admin == null) {
            return;
        }
        try {
            admin.postEvent(new Event(TenancyEvents.TOPIC_ACCESS_CHANGED, properties));
        } catch (RuntimeException e) {
            // the change is committed; a cache that missed it expires by age
            LOG.warn("could not post {} for {}: {}", TenancyEvents.TOPIC_ACCESS_CHANGED, properties, e.toString());
        }
    }
}
