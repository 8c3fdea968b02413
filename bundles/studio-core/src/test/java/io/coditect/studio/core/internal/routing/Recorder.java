package io.coditect.studio.core.internal.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RouteListener;

/** Records a routed stream's events and checks the contract: one terminal, nothing after, no overlap. */
final class Recorder implements RouteListener {

    private final List<String> events = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger terminals = new AtomicInteger();
    private final AtomicInteger inside = new AtomicInteger();
    private final StringBuilder text = new StringBuilder();
    private volatile boolean overlapped;
    private volatile boolean afterTerminal;
    volatile ProviderException error;
    volatile StopReason stop;
    volatile ResponseInfo info;

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized String text() {
        return text.toString();
    }

    boolean ended() {
        return done.getCount() == 0;
    }

    Recorder await() throws InterruptedException {
        assertTrue("the stream did not end in time; events: " + events(), done.await(10, TimeUnit.SECONDS));
        return this;
    }

    /** The contract of a routed stream held. */
    void assertClean() {
        assertFalse("events overlapped", overlapped);
        assertFalse("events after the terminal one: " + events(), afterTerminal);
        assertEquals("terminal events: " + events(), 1, terminals.get());
    }

    private void event(String e) {
        if (inside.incrementAndGet() > 1) {
            overlapped = true;
        }
        if (terminals.get() > 0) {
            afterTerminal = true;
        }
        synchronized (this) {
            events.add(e);
        }
        inside.decrementAndGet();
    }

    @Override
    public void onProviderSwitched(ModelRef from, ModelRef to, ProviderException reason) {
        event("switched " + from + " -> " + to + " " + reason.kind());
    }

    @Override
    public void onRetry(ModelRef target, int attempt, Duration delay, ProviderException reason) {
        event("retry " + target + " #" + attempt + " in " + delay.toMillis() + " ms " + reason.kind());
    }

    @Override
    public void onStart(ResponseInfo i) {
        info = i;
        event("start " + i.providerId() + "/" + i.model());
    }

    @Override
    public void onTextDelta(String t) {
        synchronized (this) {
            text.append(t);
        }
        event("text " + t);
    }

    @Override
    public void onToolCallStart(int index, String callId, String toolName) {
        event("tool " + index + " " + callId + " " + toolName);
    }

    @Override
    public void onToolCallDelta(int index, String fragment) {
        event("args " + index + " " + fragment);
    }

    @Override
    public void onToolCallEnd(int index) {
        event("tool-end " + index);
    }

    @Override
    public void onUsage(Usage u) {
        event("usage " + u.inputTokens() + "/" + u.outputTokens());
    }

    @Override
    public void onComplete(StopReason reason) {
        stop = reason;
        event("complete " + reason);
        terminals.incrementAndGet();
        done.countDown();
    }

    @Override
    public void onError(ProviderException e) {
        error = e;
        event("error " + e.kind());
        terminals.incrementAndGet();
        done.countDown();
    }
}
