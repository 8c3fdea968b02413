import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;
import io.coditect.studio.core.internal.chat.EventHub;

/**
 * The core's event hub as the studio runs it (same ring, buffer and delivery threads as
 * SessionEventsComponent): delivery latency from publish to each subscriber's sink, and whether
 * any subscriber lost or reordered an event. Run by bench/event-fanout.sh.
 */
public class EventFanout {

    /** Records latencies and checks the order of what one subscriber gets. */
    static final class Probe implements EventSink {
        final long[] latencies;
        int count;
        long expected = 1;
        volatile boolean broken;

        Probe(int capacity) {
            latencies = new long[capacity];
        }

        @Override
        public void onEvent(SessionEvent e) {
            if (e.type() == EventType.RESYNC || e.seq() != expected) {
                broken = true;
                return;
            }
            expected++;
            long sent = (Long) e.data().get("nanos");
            if (count < latencies.length) {
                latencies[count++] = System.nanoTime() - sent;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            measure();
        } finally {
            System.exit(0); // the hub's delivery threads are not daemons here
        }
    }

    static void measure() throws Exception {
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        ExecutorService delivery = Executors.newFixedThreadPool(threads);
        ScheduledExecutorService publishers = Executors.newScheduledThreadPool(2);

        // 1. one session, 1,000 subscribers, 20 events/s for 15 s (a streaming turn's deltas, batched)
        EventHub hub = new EventHub(Clock.systemUTC(), delivery, 10_000, 2_000);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Probe p = new Probe(400);
            probes.add(p);
            hub.subscribe("one", 0, p);
        }
        run(publishers, List.of("one"), hub, 20, 15);
        report("1,000 subscribers on one session", probes, 50);

        // 2. 200 sessions, each streaming 50 events/s for 20 s to 2 subscribers (400 subscribers)
        EventHub many = new EventHub(Clock.systemUTC(), delivery, 10_000, 2_000);
        List<String> sessions = new ArrayList<>();
        List<Probe> all = new ArrayList<>();
        for (int s = 0; s < 200; s++) {
            String id = "s" + s;
            sessions.add(id);
            for (int k = 0; k < 2; k++) {
                Probe p = new Probe(1100);
                all.add(p);
                many.subscribe(id, 0, p);
            }
        }
        run(publishers, sessions, many, 50, 20);
        report("200 sessions x 50 events/s", all, 100);
        publishers.shutdownNow();
        delivery.shutdownNow();
    }

    /** Publishes {@code rate} events a second to each session for {@code seconds}. */
    static void run(ScheduledExecutorService publishers, List<String> sessions, EventHub hub, int rate, int seconds)
            throws InterruptedException {
        AtomicLong ticks = new AtomicLong();
        long total = (long) rate * seconds;
        var task = publishers.scheduleAtFixedRate(() -> {
            if (ticks.incrementAndGet() > total) {
                return;
            }
            for (String s : sessions) {
                hub.publish(s, EventType.TEXT_DELTA, null, "turn", Map.of("text", "token ", "nanos", System.nanoTime()));
            }
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        while (ticks.get() <= total) {
            Thread.sleep(50);
        }
        task.cancel(false);
        Thread.sleep(1000); // let the last deliveries land
    }

    static void report(String name, List<Probe> probes, int warmup) {
        long lost = 0;
        int broken = 0;
        List<Long> all = new ArrayList<>();
        long expectedEach = probes.get(0).expected;
        for (Probe p : probes) {
            if (p.broken) {
                broken++;
            }
            lost += Math.max(0, expectedEach - p.expected);
            for (int i = warmup; i < p.count; i++) {
                all.add(p.latencies[i]);
            }
        }
        long[] l = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(l);
        System.out.printf("%-34s subscribers=%d events each=%d samples=%d p50=%.2f ms p99=%.2f ms p99.9=%.2f ms"
                + " max=%.2f ms; reordered/resynced subscribers=%d, events missing=%d%n", name, probes.size(),
                expectedEach - 1, l.length, at(l, 0.50), at(l, 0.99), at(l, 0.999), l[l.length - 1] / 1e6, broken, lost);
    }

    static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
