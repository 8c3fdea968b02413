package io.coditect.studio.core.internal.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.core.internal.session.SessionFixture;

/** Who may watch a session's stream, on the real session service and policy. */
public class SessionEventsComponentTest extends SessionFixture {

    private SessionEventsComponent events;
    private SessionRecord session;

    @Before
    public void openSession() {
        events = new SessionEventsComponent(sessions);
        session = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, null);
    }

    @After
    public void closeEvents() {
        events.deactivate();
    }

    @Test
    public void everybodyInTheOrganisationWatchesAndSeesWhoIsThere() throws InterruptedException {
        EventHubTest.Collector analyst = new EventHubTest.Collector();
        events.subscribe(caller("acme", "ana"), "acme", session.id(), 0, analyst);
        events.presence(caller("acme", "dev"), "acme", session.id(), "typing");
        var e = analyst.await(1).events.get(0);
        assertEquals(EventType.PRESENCE, e.type());
        assertEquals(Map.of("user", "dev", "state", "typing"), e.data());
        assertEquals("dev", e.actor());
        assertEquals(1, e.seq());
    }

    @Test
    public void anotherOrganisationsSessionIsNotFoundAndBadInputIsRefused() {
        for (Runnable attempt : new Runnable[] {
            () -> events.subscribe(caller("globex", "gus"), "globex", session.id(), 0, e -> { }),
            () -> events.subscribe(caller("globex", "gus"), "acme", session.id(), 0, e -> { }),
            () -> events.presence(caller("globex", "gus"), "globex", session.id(), "watching")}) {
            assertEquals(StoreException.Kind.NOT_FOUND, assertThrows(StoreException.class, attempt::run).kind());
        }
        assertEquals(StoreException.Kind.INVALID, assertThrows(StoreException.class,
                () -> events.presence(caller("acme", "dev"), "acme", session.id(), "dancing")).kind());
        assertEquals(StoreException.Kind.INVALID, assertThrows(StoreException.class,
                () -> events.subscribe(caller("acme", "dev"), "acme", session.id(), -1, e -> { })).kind());
        assertEquals(0, events.hub().lastSeq(session.id()));
    }
}
