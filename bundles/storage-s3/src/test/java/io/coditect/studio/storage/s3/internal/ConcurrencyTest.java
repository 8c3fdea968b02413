package io.coditect.studio.storage.s3.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static io.coditect.studio.storage.local.testing.Streams.readText;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.WriteCondition;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The behaviours of storage-local's ConcurrencyTest, against a real s3proxy. */
public class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int INCREMENTS_PER_THREAD = 10;

    private S3Storage store;

    @Before
    public void setUp() {
        store = S3Storage.open(S3ProxyServer.get().newBucket(""));
    }

    @After
    public void tearDown() {
        store.close();
    }

    @Test
    public void ifMatchUpdatesFromManyThreadsLoseNothing() throws Exception {
        putText(store, "acme/counter", "0", WriteCondition.ABSENT);
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        run(THREADS, t -> {
            for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                while (true) {
                    String etag;
                    int value;
                    try (StorageObject o = store.get(key("acme/counter"))) {
                        etag = o.info().etag();
                        value = Integer.parseInt(new String(o.content().readAllBytes(), UTF_8));
                    }
                    try {
                        putText(store, "acme/counter", Integer.toString(value + 1), WriteCondition.ifMatch(etag));
                        successes.incrementAndGet();
                        break;
                    } catch (StorageException e) {
                        if (e.kind() != Kind.PRECONDITION_FAILED) {
                            throw e;
                        }
                        conflicts.incrementAndGet();
                    }
                }
            }
        });
        int n = THREADS * INCREMENTS_PER_THREAD;
        assertEquals(n, successes.get());
        assertEquals(Integer.toString(n), readText(store, "acme/counter"));
        System.out.printf("%d If-Match increments with %d conflicts%n", n, conflicts.get());
    }

    @Test
    public void concurrentAbsentWritesHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String k = "acme/once/" + round;
            AtomicInteger winners = new AtomicInteger();
            run(THREADS, t -> {
                try {
                    putText(store, k, "writer " + t, WriteCondition.ABSENT);
                    winners.incrementAndGet();
                } catch (StorageException e) {
                    assertEquals(Kind.PRECONDITION_FAILED, e.kind());
                }
            });
            assertEquals(1, winners.get());
            assertTrue(readText(store, k).startsWith("writer "));
        }
    }

    @Test
    public void concurrentDeletesAndWritesInTheSameFoldersStayConsistent() throws Exception {
        run(4, t -> {
            for (int i = 0; i < 25; i++) {
                String k = "acme/shared/deep/t" + t + "-" + i;
                putText(store, k, "x");
                assertEquals("x", readText(store, k));
                assertTrue(store.delete(key(k), WriteCondition.NONE));
            }
        });
        assertEquals(0, store.list(key("acme"), null, 10).objects().size());
    }

    interface Body {
        void run(int thread) throws Exception;
    }

    private static void run(int threads, Body body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    body.run(me);
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
