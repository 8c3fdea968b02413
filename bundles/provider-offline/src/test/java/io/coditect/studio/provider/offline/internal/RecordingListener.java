package io.coditect.studio.provider.offline.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
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

/** Records the events of one stream and checks the listener contract while doing so. */
final class RecordingListener implements ChatListener {

    interface Event {
    }

    record Start(ResponseInfo info) implements Event {
    }

    record TextDelta(String text) implements Event {
    }

    record ToolStart(int index, String callId, String toolName) implements Event {
    }

    record ToolDelta(int index, String fragment) implements Event {
    }

    record ToolEnd(int index) implements Event {
    }

    record UsageEvent(Usage usage) implements Event {
    }

    record Complete(StopReason reason) implements Event {
    }

    record Error(ProviderException error) implements Event {
    }

    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean overlapped;
    private volatile Consumer<Event> hook = e -> { };

    /** Runs inside the listener call, after recording, on the stream's thread. */
    RecordingListener onEvent(Consumer<Event> hook) {
        this.hook = hook;
        return this;
    }

    private void record(Event e) {
        if (inFlight.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
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

    void awaitEnd() throws InterruptedException {
        assertTrue("the stream did not end", ended.await(30, TimeUnit.SECONDS));
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    <T extends Event> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    Event last() {
        List<Event> all = events();
        return all.get(all.size() - 1);
    }

    String text() {
        return events(TextDelta.class).stream().map(TextDelta::text).collect(Collectors.joining());
    }

    String arguments(int index) {
        return events(ToolDelta.class).stream().filter(d -> d.index() == index).map(ToolDelta::fragment)
                .collect(Collectors.joining());
    }

    /** Exactly one terminal event, and it is the last one; no two events overlapped. */
    void assertWellFormed() {
        List<Event> all = events();
        long terminals = all.stream().filter(e -> e instanceof Complete || e instanceof Error).count();
        assertEquals("terminal events in " + all, 1, terminals);
        Event last = all.get(all.size() - 1);
        assertTrue("last event must be terminal: " + all, last instanceof Complete || last instanceof Error);
        assertFalse("events overlapped", overlapped);
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
