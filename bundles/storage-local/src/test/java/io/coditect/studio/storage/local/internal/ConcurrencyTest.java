package io.coditect.studio.storage.local.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static io.coditect.studio.storage.local.testing.Streams.readText;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.WriteCondition;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int INCREMENTS_PER_THREAD = 25;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void ifMatchUpdatesFromManyThreadsLoseNothing() throws Exception {
        Path root = tmp.newFolder("storage").toPath();
        LocalStorage store = new LocalStorage(root);
        putText(store, "acme/counter", "0", WriteCondition.ABSENT);

        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                        while (true) {
                            String etag;
                            int value;
                            try (StorageObject o = store.get(key("acme/counter"))) {
                                etag = o.info().etag();
                                value = Integer.parseInt(new String(o.content().readAllBytes(), UTF_8));
                            }
                            try {
                                putText(store, "acme/counter", Integer.toString(value + 1),
                                        WriteCondition.ifMatch(etag));
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

        int n = THREADS * INCREMENTS_PER_THREAD;
        assertEquals(n, successes.get());
        assertEquals(Integer.toString(n), readText(store, "acme/counter"));
        try (Stream<Path> s = Files.list(root.resolve(LocalStorage.TMP_DIR))) {
            assertEquals(0, s.count());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void concurrentAbsentWritesHaveExactlyOneWinner() throws Exception {
        Path root = tmp.newFolder("storage2").toPath();
        LocalStorage store = new LocalStorage(root);
        for (int round = 0; round < 10; round++) {
            String k = "acme/once/" + round;
            AtomicInteger winners = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Void>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String me = "writer " + t;
                    futures.add(pool.submit((Callable<Void>) () -> {
                        start.await();
                        try {
                            putText(store, k, me, WriteCondition.ABSENT);
                            winners.incrementAndGet();
                        } catch (StorageException e) {
                            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
                        }
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
            assertEquals(1, winners.get());
            assertTrue(readText(store, k).startsWith("writer "));
        }
    }

    @Test
    public void concurrentDeletesAndWritesInTheSameFoldersStayConsistent() throws Exception {
        // deletes prune folders that concurrent writes are about to use
        Path root = tmp.newFolder("storage3").toPath();
        LocalStorage store = new LocalStorage(root);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int me = t;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < 100; i++) {
                        String k = "acme/shared/deep/t" + me + "-" + i;
                        putText(store, k, "x");
                        assertEquals("x", readText(store, k));
                        assertTrue(store.delete(key(k), WriteCondition.NONE));
                    }
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
        assertEquals(0, store.list(key("acme"), null, 10).objects().size());
    }
}
