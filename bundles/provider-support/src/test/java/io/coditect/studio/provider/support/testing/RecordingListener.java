package io.coditect.studio.provider.support.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;

/**
 * Records the events of one stream and checks the listener contract while doing so (no two events
 * at once; {@link #assertWellFormed()} checks exactly one terminal event, last).
 */
public final class RecordingListener implements ChatListener {

    public interface Event {
    }

    public record Start(ResponseInfo info) implements Event {
    }

    public record TextDelta(String text) implements Event {
    }

    public record ToolStart(int index, String callId, String toolName) implements Event {
    }

    public record ToolDelta(int index, String fragment) implements Event {
    }

    public record ToolEnd(int index) implements Event {
    }

    public record UsageEvent(Usage usage) implements Event {
    }

    public record Complete(StopReason reason) implements Event {
    }

    public record Error(ProviderException error) implements Event {
    }

    private final List<Event> events = new ArrayList<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean overlapped;
    private volatile Consumer<Event> hook = e -> { };

    /** Runs inside each listener call, after recording, on the stream's thread. */
    public RecordingListener onEvent(Consumer<Event> hook) {
        this.hook = hook;
        return this;
    }

    private void record(Event e) {
        if (inFlight.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            threads.add(Thread.currentThread().getName());
            synchronized (events) {
                events.add(e);
            }
            if (e instanceof Complete || e instanceof Error) {
                ended.countDown();
            }
            hook.accept(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Waits (generously, 30 s) for the terminal event. */
    public void awaitEnd() throws InterruptedException {
        assertTrue("the stream did not end: " + events(), ended.await(30, TimeUnit.SECONDS));
    }

    public boolean ended() {
        return ended.getCount() == 0;
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public <T extends Event> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    public Event last() {
        List<Event> all = events();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Names of the threads events were delivered on. */
    public Set<String> threads() {
        return Set.copyOf(threads);
    }

    public String text() {
        return events(TextDelta.class).stream().map(TextDelta::text).collect(Collectors.joining());
    }

    public String arguments(int index) {
        return events(ToolDelta.class).stream().filter(d -> d.index() == index).map(ToolDelta::fragment)
                .collect(Collectors.joining());
    }

    /** The failure the stream ended with; fails the test if it did not end with one. */
    public ProviderException error() {
        Event last = last();
        assertTrue("expected onError as last event: " + events(), last instanceof Error);
        return ((Error) last).error();
    }

    /** The reason the stream completed with; fails the test if it did not complete. */
    public StopReason reason() {
        Event last = last();
        assertTrue("expected onComplete as last event: " + events(), last instanceof Complete);
        return ((Complete) last).reason();
    }

    /** Exactly one terminal event, and it is the last one; no two events overlapped. */
    public void assertWellFormed() {
        List<Event> all = events();
        long terminals = all.stream().filter(e -> e instanceof Complete || e instanceof Error).count();
        assertEquals("terminal events in " + all, 1, terminals);
        Event last = all.get(all.size() - 1);
        assertTrue("last event must be terminal: " + all, last instanceof Complete || last instanceof Error);
        assertFalse("events overlapped", overlapped);
        long starts = all.stream().filter(Start.class::isInstance).count();
        assertTrue("at most one onStart: " + all, starts <= 1);
        if (starts == 1) {
            assertTrue("onStart must come first: " + all, all.get(0) instanceof Start);
        }
    }

    @Override
    public void onStart(ResponseInfo info) {
        record(new Start(info));
    }

    @Override
    public void onTextDelta(String text) {
        record(new TextDelta(text));
    }

    @Override
    public void onToolCallStart(int index, String callId, String toolName) {
        record(new ToolStart(index, callId, toolName));
    }

    @Override
    public void onToolCallDelta(int index, String argumentsJsonFragment) {
        record(new ToolDelta(index, argumentsJsonFragment));
    }

    @Override
    public void onToolCallEnd(int index) {
        record(new ToolEnd(index));
    }

    @Override
    public void onUsage(Usage usage) {
        record(new UsageEvent(usage));
    }

    @Override
    public void onComplete(StopReason reason) {
        record(new Complete(reason));
    }

    @Override
    public void onError(ProviderException error) {
        record(new Error(error));
    }
}
