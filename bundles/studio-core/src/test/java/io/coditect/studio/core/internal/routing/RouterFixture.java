package io.coditect.studio.core.internal.routing;

import java.time.Duration;
import java.util.List;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.core.internal.usage.UsageLedger;
import io.coditect.studio.core.internal.usage.UsageMeter;

/** A router on a hand-driven clock and scheduler, with a registry the test fills. */
class RouterFixture {

    final MutableClock clock = new MutableClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final FakeRegistry registry = new FakeRegistry();
    UsageLedger ledger = UsageMeter.inMemory(clock);
    RouterSettings settings = RouterSettings.DEFAULTS;
    private Router router;
    private int requests;

    Router router() {
        if (router == null) {
            router = new Router(registry, settings, scheduler, clock, () -> 0.5, ledger);
        }
        return router;
    }

    RouterSettings withAttempts(int attempts) {
        RouterSettings s = settings;
        settings = new RouterSettings(attempts, s.baseDelay(), s.maxDelay(), s.maxTotalWait(), s.consecutiveFailures(),
                s.failureRatePercent(), s.minCalls(), s.window(), s.cooldown(), s.maxCooldown(),
                s.unauthorizedCooldown(), s.probeTimeout());
        return settings;
    }

    RouterSettings withMaxTotalWait(Duration wait) {
        RouterSettings s = settings;
        settings = new RouterSettings(s.maxAttempts(), s.baseDelay(), s.maxDelay(), wait, s.consecutiveFailures(),
                s.failureRatePercent(), s.minCalls(), s.window(), s.cooldown(), s.maxCooldown(),
                s.unauthorizedCooldown(), s.probeTimeout());
        return settings;
    }

    RoutedRequest request(String prompt) {
        return RoutedRequest.of("r" + ++requests, ChatRequest.of("", List.of(ChatMessage.user(prompt))));
    }

    RoutedRequest request() {
        return request("hello");
    }

    /** Streams and runs what the router scheduled for now. */
    Recorder route(RoutedRequest request) {
        Recorder r = new Recorder();
        router().stream(request, r);
        scheduler.runDue();
        return r;
    }
}
