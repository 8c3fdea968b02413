package io.coditect.studio.core.internal.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** Every task runs, on no more threads than asked, whoever adds them and whatever one of them does. */
public class ReadyQueueTest {

    @Rule
    public final Timeout hangGuard = Timeout.seconds(60);

    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r);
        t.setUncaughtExceptionHandler((th, e) -> {
        });
        return t;
    });

    @After
    public void stop() {
        pool.shutdownNow();
    }

    @Test
    public void runsEveryTaskFromManyProducersOnAtMostParallelismThreads() throws Exception {
        ReadyQueue queue = new ReadyQueue(pool, 3);
        int producers = 6;
        int each = 20_000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(producers * each);
        Runnable task = () -> {
            int now = running.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            running.decrementAndGet();
            done.countDown();
        };
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            threads[p] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    queue.execute(task);
                }
            });
            threads[p].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue("tasks left unrun: " + done.getCount(), done.await(30, TimeUnit.SECONDS));
        assertTrue("ran on " + most.get() + " threads at once", most.get() <= 3);
    }

    @Test
    public void aFailingTaskDoesNotStopTheOthers() throws Exception {
        ReadyQueue queue = new ReadyQueue(pool, 1);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch after = new CountDownLatch(2);
        queue.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        queue.execute(() -> {
            throw new IllegalStateException("a sink that fails");
        });
        queue.execute(after::countDown);
        queue.execute(after::countDown);
        gate.countDown();
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    @Test
    public void runsInOrderWhenOneThreadDrains() throws Exception {
        ReadyQueue queue = new ReadyQueue(pool, 1);
        StringBuffer seen = new StringBuffer();
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            int n = i;
            queue.execute(() -> seen.append(n));
        }
        queue.execute(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals("0123456789", seen.toString());
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesNoParallelism() {
        new ReadyQueue(pool, 0);
    }
}
