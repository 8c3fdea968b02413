package io.coditect.studio.core.internal.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.core.internal.session.SessionFixture;

/** Who may watch a session's stream, on the real session service and policy. */
public class SessionEventsComponentTest extends SessionFixture {

    private SessionEventsComponent events;
    private SessionRecord session;
    private final AtomicLong nanos = new AtomicLong();

    @Before
    public void openSession() {
        events = new SessionEventsComponent(sessions, store, nanos::get);
        session = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, null);
    }

    @After
    public void closeEvents() {
        events.deactivate();
    }

    @Test
    public void everybodyInTheOrganisationWatchesAndSeesWhoIsThere() throws InterruptedException {
        EventHubTest.Collector analyst = new EventHubTest.Collector();
        long before = System.currentTimeMillis() * 1_000;
        events.subscribe(caller("acme", "ana"), "acme", session.id(), 0, analyst);
        events.presence(caller("acme", "dev"), "acme", session.id(), "typing");
        var e = analyst.await(1).events.get(0);
        assertEquals(EventType.PRESENCE, e.type());
        assertEquals(Map.of("user", "dev", "name", "dev", "state", "typing"), e.data());
        assertEquals("dev", e.actor());
        // the first of a stream made now: numbered above every stream made before (a restart)
        assertTrue(e.seq() + " after " + before, e.seq() > before && e.seq() <= System.currentTimeMillis() * 1_000 + 1);
    }

    @Test
    public void presenceNamesTheUserByDisplayNameElseEmailElseIdAndReadsTheNameOncePerMinute()
            throws InterruptedException {
        rename("dev", "Dev Eloper");
        EventHubTest.Collector watcher = new EventHubTest.Collector();
        events.subscribe(caller("acme", "lee"), "acme", session.id(), 0, watcher);
        events.presence(caller("acme", "dev"), "acme", session.id(), "watching");
        assertEquals(Map.of("user", "dev", "name", "Dev Eloper", "state", "watching"), watcher.await(1).events.get(0).data());

        // renamed: the name read a moment ago is reused for a minute, then read again
        rename("dev", "Devi");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
        events.presence(caller("acme", "dev"), "acme", session.id(), "typing");
        assertEquals("Dev Eloper", watcher.await(2).events.get(1).data().get("name"));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        events.presence(caller("acme", "dev"), "acme", session.id(), "left");
        assertEquals(Map.of("user", "dev", "name", "Devi", "state", "left"), watcher.await(3).events.get(2).data());

        // a user the store does not know (a studio administrator from another organisation): the id
        assertEquals("root", events.name(studioAdmin()));
    }

    @Test
    public void withoutADisplayNameTheEmailAndWithoutTheStoreTheId() {
        // the store insists on display names: one without it, and a store that fails, are stubbed
        TenancyStore stub = (TenancyStore) Proxy.newProxyInstance(TenancyStore.class.getClassLoader(),
                new Class<?>[] {TenancyStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findUser") && "ana".equals(args[1])) {
                        return Optional.of(User.of("acme", "ana", "ana@acme.example", " "));
                    }
                    if (method.getName().equals("findUser") && "nora".equals(args[1])) {
                        throw new IllegalStateException("the database is down");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SessionEventsComponent stubbed = new SessionEventsComponent(sessions, stub, nanos::get);
        try {
            assertEquals("ana@acme.example", stubbed.name(caller("acme", "ana")));
            assertEquals("nora", stubbed.name(caller("acme", "nora")));
            assertEquals("dev", stubbed.name(caller("acme", "dev")));
        } finally {
            stubbed.deactivate();
        }
    }

    private void rename(String user, String displayName) {
        User u = store.findUser("acme", user).orElseThrow();
        store.updateUser(u.withDisplayName(displayName));
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
