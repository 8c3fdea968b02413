package io.coditect.studio.core.internal.routing;

import static io.coditect.studio.core.internal.routing.ScriptedProvider.HOLD;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.complete;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.error;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.model;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.script;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.start;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.text;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.usage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.core.internal.usage.UsageMeter;
import org.junit.After;
import org.junit.Test;

/**
 * Real threads: providers answer on their own pools, retries run on a real scheduler, the test
 * cancels at random moments. Whatever interleaving happens, each stream must see ordered,
 * non-overlapping events and exactly one terminal one.
 */
public class RouterConcurrencyTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final FakeRegistry registry = new FakeRegistry();
    // short waits, and a breaker that keeps the flaky provider in play
    private final RouterSettings fast = new RouterSettings(2, Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(50), 1_000, 100, 1_000, Duration.ofSeconds(60), Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1));
    /** Widens the windows in which a cancel can cross the provider's events. */
    private static final ScriptedProvider.Step PAUSE = c -> LockSupport.parkNanos(20_000);
    private final Router router = new Router(registry, fast, Scheduler.of(timer), Clock.systemUTC(), Math::random,
            UsageMeter.inMemory(Clock.systemUTC()));

    @After
    public void stop() {
        router.close();
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private static RoutedRequest request(int i) {
        return RoutedRequest.of("c" + i, ChatRequest.of("", List.of(ChatMessage.user("q" + i))))
                .withPreferred(ModelRef.provider("flaky"));
    }

    @Test
    public void everyStreamEndsOnceWithoutOverlapUnderFailuresRetriesAndCancels() throws Exception {
        ScriptedProvider flaky = new ScriptedProvider("flaky", model("f")).on(pool);
        ScriptedProvider steady = new ScriptedProvider("steady", model("s")).on(pool);
        ScriptedProvider spare = new ScriptedProvider("spare", model("p")).on(pool);
        registry.add(flaky, steady, spare);
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            int dice = random.nextInt(10);
            flaky.then(dice < 4 ? script(start(), PAUSE, usage(1, 0), error(Kind.UNAVAILABLE, null))
                    : dice < 5 ? script(start(), text("a"), PAUSE, text("b"), error(Kind.UNAVAILABLE, null))
                    : dice < 6 ? script(start(), error(Kind.RATE_LIMITED, Duration.ofMillis(2)))
                    : script(start(), text("a"), PAUSE, text("b"), usage(2, 2), complete(StopReason.END_TURN)));
            steady.then(dice == 9 ? script(start(), error(Kind.OVERLOADED, null))
                    : script(start(), text("s"), PAUSE, complete(StopReason.END_TURN)));
        }
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Recorder r = new Recorder();
            StreamHandle h = router.stream(request(i), r);
            recorders.add(r);
            if (random.nextInt(3) == 0) {
                LockSupport.parkNanos(random.nextInt(100_000));
                h.cancel();
            }
        }
        for (Recorder r : recorders) {
            r.await().assertClean();
            List<String> events = r.events();
            String last = events.get(events.size() - 1);
            assertTrue(events.toString(), last.startsWith("complete") || last.startsWith("error"));
            int start = events.indexOf(events.stream().filter(e -> e.startsWith("start")).findFirst().orElse("none"));
            if (start >= 0) {
                assertTrue("nothing of the router's own comes after the answer started: " + events,
                        events.subList(start, events.size()).stream().noneMatch(e -> e.startsWith("switched")
                                || e.startsWith("retry")));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (router.activeStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, router.activeStreams());
    }

    @Test
    public void fanOutOnRealThreadsCollectsEveryAnswer() throws Exception {
        for (String id : List.of("x", "y", "z")) {
            registry.add(new ScriptedProvider(id, model(id + "1")).on(pool)
                    .then(script(start(), text(id), HOLD)).otherwise(script(start(), text(id),
                            complete(StopReason.END_TURN))));
        }
        List<ModelRef> targets = List.of(ModelRef.provider("x"), ModelRef.provider("y"), ModelRef.provider("z"));
        MoeHandle first = router.fanOut(request(0), targets, t -> null);
        Thread.sleep(20);
        first.cancel();
        List<MoeAnswer> cancelled = first.answers().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(3, cancelled.size());
        MoeHandle second = router.fanOut(request(1), targets, t -> null);
        List<MoeAnswer> answers = second.answers().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of("x", "y", "z"), answers.stream().map(MoeAnswer::text).toList());
        for (MoeAnswer a : answers) {
            assertNotNull(a.info());
            assertTrue(a.succeeded());
        }
    }
}
