package io.coditect.studio.core.internal.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.chat.Subscription;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;

/**
 * The sessions' live streams in OSGi: every subscription is checked against the session service
 * (read access, another organisation's session not found) before it joins the hub. A presence event
 * names the user ({@code user}, the id) and how people know them ({@code name}: the display name,
 * else the e-mail, else the id; looked up at most once a minute per user, presence comes often).
 */
@Component(service = {SessionEvents.class, SessionEventsComponent.class})
public final class SessionEventsComponent implements SessionEvents {

    /** Events kept per session for reconnects and late joiners. */
    static final int KEEP = 10_000;
    /** Events a subscriber may lag behind before it must resync. */
    static final int BUFFER = 2_000;
    /** A stream nobody watches and nothing happened in for this long leaves memory. */
    static final Duration IDLE = Duration.ofMinutes(30);
    static final int DELIVERY_THREADS = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    static final Set<String> PRESENCE_STATES = Set.of("watching", "typing", "left");
    /** How long a user's name is reused before it is read again. */
    static final long NAME_TTL_NANOS = Duration.ofMinutes(1).toNanos();
    /** Names kept at most (the cache starts over beyond it). */
    static final int NAMES_KEPT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SessionEventsComponent.class);

    private record Name(String text, long readAt) {
    }

    private final SessionService sessions;
    private final TenancyStore users;
    private final LongSupplier nanos;
    private final Map<String, Name> names = new ConcurrentHashMap<>();
    private final ExecutorService delivery;
    private final EventHub hub;
    private final ScheduledExecutorService evictor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "studio-events-evictor");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public SessionEventsComponent(@Reference(name = "sessions") SessionService sessions,
            @Reference(name = "tenancy") TenancyStore users) {
        this(sessions, users, System::nanoTime);
    }

    SessionEventsComponent(SessionService sessions, TenancyStore users, LongSupplier nanos) {
        this.sessions = sessions;
        this.users = users;
        this.nanos = nanos;
        AtomicInteger n = new AtomicInteger();
        this.delivery = Executors.newFixedThreadPool(DELIVERY_THREADS,
                r -> {
                    Thread t = new Thread(r, "studio-events-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.hub = new EventHub(Clock.systemUTC(), delivery, DELIVERY_THREADS, KEEP, BUFFER,
                EventHub.timeOrderedStreams(Clock.systemUTC()));
        evictor.scheduleWithFixedDelay(() -> hub.evictIdle(IDLE), 5, 5, TimeUnit.MINUTES);
    }

    /** The hub the chat service publishes to. */
    public EventHub hub() {
        return hub;
    }

    @Override
    public Subscription subscribe(Caller caller, String orgId, String sessionId, long afterSeq, EventSink sink) {
        if (afterSeq < 0) {
            throw StoreException.invalid("the last event id must be 0 or more, not " + afterSeq);
        }
        SessionRecord s = sessions.session(caller, orgId, sessionId);
        return hub.subscribe(s.id(), afterSeq, sink);
    }

    @Override
    public long lastSeq(Caller caller, String orgId, String sessionId) {
        return hub.lastSeq(sessions.session(caller, orgId, sessionId).id());
    }

    @Override
    public void presence(Caller caller, String orgId, String sessionId, String state) {
        if (state == null || !PRESENCE_STATES.contains(state)) {
            throw StoreException.invalid("presence must be one of " + PRESENCE_STATES + ", not '" + state + "'");
        }
        SessionRecord s = sessions.session(caller, orgId, sessionId);
        hub.publish(s.id(), EventType.PRESENCE, caller.userId(), null,
                Map.of("user", caller.userId(), "name", name(caller), "state", state));
    }

    /** The caller's display name, else e-mail, else id (the user lives in the caller's own organisation). */
    String name(Caller caller) {
        String key = caller.orgId() + "/" + caller.userId();
        long now = nanos.getAsLong();
        Name cached = names.get(key);
        if (cached != null && now - cached.readAt() < NAME_TTL_NANOS) {
            return cached.text();
        }
        String text = caller.userId();
        try {
            User u = users.findUser(caller.orgId(), caller.userId()).orElse(null);
            if (u != null && u.displayName() != null && !u.displayName().isBlank()) {
                text = u.displayName().strip();
            } else if (u != null && u.email() != null && !u.email().isBlank()) {
                text = u.email();
            }
        } catch (RuntimeException e) {
            // the name is a courtesy: the id does, and the next presence asks again
            LOG.debug("the name of user {} could not be read", key, e);
            return cached != null ? cached.text() : text;
        }
        if (names.size() >= NAMES_KEPT) {
            names.clear();
        }
        names.put(key, new Name(text, now));
        return text;
    }

    @Deactivate
    void deactivate() {
        evictor.shutdownNow();
        delivery.shutdownNow();
    }
}
