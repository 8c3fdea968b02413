package io.coditect.studio.core.internal.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;
import io.coditect.studio.api.chat.Subscription;

/** One ordered stream per session, replay on reconnect, and slow subscribers that never slow the others. */
public class EventHubTest {

    /** Guards against a hang only, not a speed check. */
    @Rule
    public final Timeout hangGuard = Timeout.seconds(60);

    private final ExecutorService delivery = Executors.newFixedThreadPool(4);
    private final EventHub hub = new EventHub(Clock.systemUTC(), delivery, 10, 5);

    @After
    public void stop() {
        delivery.shutdownNow();
    }

    /** Collects events; {@link #await} waits for a count without judging speed. */
    static final class Collector implements EventSink {
        final List<SessionEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(SessionEvent event) {
            events.add(event);
        }

        List<Long> seqs() {
            return events.stream().map(SessionEvent::seq).collect(Collectors.toList());
        }

        Collector await(int n) throws InterruptedException {
            while (events.size() < n) {
                Thread.sleep(2);
            }
            return this;
        }
    }

    private void publish(int n) {
        for (int i = 0; i < n; i++) {
            hub.publish("s1", EventType.TEXT_DELTA, null, "t1", Map.of("text", "x" + i));
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    public void everySubscriberSeesTheSameEventsInTheSameOrder() throws InterruptedException {
        EventHub roomy = new EventHub(Clock.systemUTC(), delivery, 1000, 1000);
        Collector a = new Collector();
        Collector b = new Collector();
        roomy.subscribe("s1", 0, a);
        roomy.subscribe("s1", 0, b);
        for (int i = 0; i < 300; i++) {
            roomy.publish("s1", EventType.TEXT_DELTA, null, null, Map.of("i", i));
        }
        assertEquals(range(1, 300), a.await(300).seqs());
        assertEquals(range(1, 300), b.await(300).seqs());
        assertEquals(299, a.events.get(299).data().get("i"));
        assertEquals(300, roomy.lastSeq("s1"));
        assertEquals(0, roomy.lastSeq("other"));
    }

    @Test
    public void aReconnectWithTheLastSeenNumberMissesNothingAndSeesNothingTwice() throws InterruptedException {
        publish(8);
        Collector c = new Collector();
        Subscription s = hub.subscribe("s1", 5, c);
        c.await(3);
        publish(2);
        assertEquals(range(6, 10), c.await(5).seqs());
        assertEquals(10, s.lastSeq());
    }

    @Test
    public void aReconnectBeyondWhatIsKeptIsToldToResync() throws InterruptedException {
        publish(30); // the hub keeps 10
        Collector old = new Collector();
        Subscription s = hub.subscribe("s1", 5, old);
        SessionEvent resync = old.await(1).events.get(0);
        assertEquals(EventType.RESYNC, resync.type());
        assertEquals(5L, resync.data().get("lastSeq"));
        assertTrue(resync.data().get("reason").toString(), resync.data().get("reason").toString()
                .contains("6 to 20 are no longer kept"));
        Thread.sleep(20);
        assertFalse(s.isOpen());

        Collector fresh = new Collector();
        hub.subscribe("s1", 0, fresh);
        assertEquals(range(21, 30), fresh.await(10).seqs());

        Collector future = new Collector();
        hub.subscribe("s1", 99, future);
        assertEquals(EventType.RESYNC, future.await(1).events.get(0).type());
    }

    @Test
    public void aSlowSubscriberNeverSlowsThePublisherOrTheOthers() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Collector slowSeen = new Collector();
        EventSink slow = e -> {
            slowSeen.onEvent(e);
            try {
                release.await();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        };
        Subscription slowSub = hub.subscribe("s1", 0, slow);
        Collector fast = new Collector();
        hub.subscribe("s1", 0, fast);
        for (int i = 0; i < 9; i++) {
            publish(1);
            fast.await(i + 1); // the fast one keeps up, so only the slow one falls behind
        }
        assertEquals(range(1, 9), fast.seqs()); // publishing returned although the slow sink is stuck
        release.countDown();
        while (slowSub.isOpen()) {
            Thread.sleep(2);
        }
        SessionEvent last = slowSeen.events.get(slowSeen.events.size() - 1);
        assertEquals(EventType.RESYNC, last.type());
        assertTrue(last.data().get("reason").toString().contains("more than 5 events behind"));
        publish(1);
        assertEquals(range(1, 10), fast.await(10).seqs());
    }

    @Test
    public void aFailingSinkIsDroppedAndClosingTheSessionEndsEveryStream() throws InterruptedException {
        Subscription failing = hub.subscribe("s1", 0, e -> {
            throw new IllegalStateException("connection closed");
        });
        Collector c = new Collector();
        Subscription ok = hub.subscribe("s1", 0, c);
        publish(2);
        c.await(2);
        assertFalse(failing.isOpen());
        hub.close("s1");
        assertFalse(ok.isOpen());
        assertEquals(0, hub.lastSeq("s1"));
        delivery.shutdown();
        assertTrue(delivery.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    public void idleStreamsNobodyWatchesLeaveMemory() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        EventHub h = new EventHub(clock, delivery, 10, 5);
        h.publish("ended", EventType.PRESENCE, "u", null, Map.of());
        h.publish("watched", EventType.PRESENCE, "u", null, Map.of());
        Collector c = new Collector();
        Subscription watching = h.subscribe("watched", 0, c);
        now.set(now.get().plus(java.time.Duration.ofMinutes(20)));
        h.publish("recent", EventType.PRESENCE, "u", null, Map.of());
        now.set(now.get().plus(java.time.Duration.ofMinutes(15)));

        assertEquals(1, h.evictIdle(java.time.Duration.ofMinutes(30)));
        assertEquals(2, h.streams());
        assertEquals(0, h.lastSeq("ended"));
        assertEquals(1, h.lastSeq("watched"));
        // a client that comes back with a number of the forgotten stream is told to resync
        Collector late = new Collector();
        h.publish("ended", EventType.PRESENCE, "u", null, Map.of());
        h.subscribe("ended", 5, late);
        assertEquals(EventType.RESYNC, late.await(1).events.get(0).type());
        watching.close();
    }

    @Test
    public void aClientOfTheStreamBeforeARestartIsToldToResyncHoweverFarTheNewOneGot() throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_764_000_000_000L);
        Clock clock = Clock.fixed(java.time.Instant.ofEpochMilli(millis.get()), java.time.ZoneOffset.UTC);
        java.util.function.LongSupplier start = () -> millis.get() * 1_000;
        EventHub before = new EventHub(clock, delivery, 4, 1000, 1000, start);
        for (int i = 0; i < 600; i++) {
            before.publish("s1", EventType.TEXT_DELTA, null, "t1", Map.of("i", i));
        }
        long seen = before.lastSeq("s1");
        assertEquals(1_764_000_000_000_600L, seen);

        // the node restarts a second later, and its new stream of the session gets further than the
        // client had seen of the old one before the client comes back
        millis.addAndGet(1_000);
        EventHub after = new EventHub(clock, delivery, 4, 1000, 1000, start);
        for (int i = 0; i < 700; i++) {
            after.publish("s1", EventType.TEXT_DELTA, null, "t2", Map.of("i", i));
        }
        Collector back = new Collector();
        after.subscribe("s1", seen, back);
        SessionEvent first = back.await(1).events.get(0);
        assertEquals(EventType.RESYNC, first.type());
        assertEquals(1, back.events.size());

        // and a client that starts over gets the new stream from its first event, numbered on
        Collector fresh = new Collector();
        after.subscribe("s1", 0, fresh);
        assertEquals(range(1_764_000_001_000_001L, 1_764_000_001_000_700L), fresh.await(700).seqs());
    }
}
