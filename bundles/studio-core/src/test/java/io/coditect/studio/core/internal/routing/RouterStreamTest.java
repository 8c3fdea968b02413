package io.coditect.studio.core.internal.routing;

import static io.coditect.studio.core.internal.routing.ScriptedProvider.HOLD;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.answer;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.complete;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.error;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.failing;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.model;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.script;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.start;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.text;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.toolCall;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.usage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.routing.CircuitState;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.routing.RoutingException;
import io.coditect.studio.api.routing.SkipReason;
import io.coditect.studio.api.routing.UsageScope;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.core.internal.usage.Budget;
import io.coditect.studio.core.internal.usage.ScopeKey;
import io.coditect.studio.core.internal.usage.UsageMeter;
import org.junit.Test;

/** Retries, fallback, circuit breaking and cancellation of routed streams, on a hand-driven clock. */
public class RouterStreamTest extends RouterFixture {

    // first = tried first (preferred), second = the fallback
    private final ScriptedProvider first = new ScriptedProvider("first", model("m1"));
    private final ScriptedProvider second = new ScriptedProvider("second", model("m2"));

    {
        registry.add(first, second);
    }

    private RoutedRequest req() {
        return request().withPreferred(ModelRef.provider("first"));
    }

    private ProviderState state(String target) {
        return router().states().stream().filter(s -> s.target().toString().equals(target)).findFirst().orElseThrow();
    }

    @Test
    public void answerPassesThroughUntouched() {
        first.then(script(start(), text("Hel"), text("lo"), toolCall(0, "c1", "ls", "{\"pa", "th\":1}"), usage(7, 3),
                complete(StopReason.TOOL_USE)));
        Recorder r = route(req());
        r.assertClean();
        assertEquals(List.of("start first/m1", "text Hel", "text lo", "tool 0 c1 ls", "args 0 {\"pa", "args 0 th\":1}",
                "tool-end 0", "usage 7/3", "complete TOOL_USE"), r.events());
        assertEquals("the model chosen is sent on the wire", "m1", first.lastCall().request.model());
    }

    @Test
    public void failureBeforeFirstContentMovesToTheNextProviderTransparently() {
        withAttempts(1);
        first.then(failing(Kind.OVERLOADED, null));
        Recorder r = route(req());
        r.assertClean();
        assertEquals(List.of("switched first/m1 -> second/m2 OVERLOADED", "start second/m2", "text answer from second",
                "usage 10/5", "complete END_TURN"), r.events());
    }

    @Test
    public void retryableFailuresAreRetriedWithBackoffBeforeFallingBack() {
        first.then(failing(Kind.UNAVAILABLE), failing(Kind.UNAVAILABLE), failing(Kind.UNAVAILABLE));
        Recorder r = route(req());
        assertEquals(List.of("retry first/m1 #2 in 187 ms UNAVAILABLE"), r.events());
        scheduler.advance(Duration.ofMillis(187));
        assertEquals("retry first/m1 #3 in 375 ms UNAVAILABLE", r.events().get(1));
        scheduler.advance(Duration.ofMillis(375));
        r.assertClean();
        assertEquals(List.of("retry first/m1 #2 in 187 ms UNAVAILABLE", "retry first/m1 #3 in 375 ms UNAVAILABLE",
                "switched first/m1 -> second/m2 UNAVAILABLE", "start second/m2", "text answer from second", "usage 10/5",
                "complete END_TURN"), r.events());
        assertEquals(3, first.calls().size());
    }

    @Test
    public void errorAfterTheFirstTokenEndsTheStreamNamingTheProvider() {
        first.then(script(start(), text("partial"), error(Kind.UNAVAILABLE, null)));
        Recorder r = route(req());
        r.assertClean();
        assertEquals(List.of("start first/m1", "text partial", "error CUT_MID_STREAM"), r.events());
        assertEquals(Kind.CUT_MID_STREAM, r.error.kind());
        assertEquals("first", r.error.providerId());
        assertTrue(r.error.getMessage(), r.error.getMessage().contains("first/m1 failed mid-answer"));
        assertTrue(second.calls().isEmpty());
        assertEquals("the breaker counts what the provider said", Kind.UNAVAILABLE, state("first/m1").lastErrorKind());
    }

    @Test
    public void retryHonoursRetryAfter() {
        first.then(failing(Kind.RATE_LIMITED, Duration.ofSeconds(2)), answer("after waiting"));
        Recorder r = route(req());
        assertEquals(List.of("retry first/m1 #2 in 2000 ms RATE_LIMITED"), r.events());
        assertEquals(2000L, (long) scheduler.delays().get(scheduler.delays().size() - 1));
        scheduler.advance(Duration.ofMillis(1999));
        assertEquals(1, first.calls().size());
        assertFalse(r.ended());
        scheduler.advance(Duration.ofMillis(1));
        r.assertClean();
        assertEquals("the failed attempt's start and usage (3/0) are not forwarded", List.of(
                "retry first/m1 #2 in 2000 ms RATE_LIMITED", "start first/m1", "text after waiting", "usage 10/5",
                "complete END_TURN"), r.events());
    }

    @Test
    public void retryAfterLongerThanTheWaitCapFallsBackAtOnce() {
        first.then(failing(Kind.RATE_LIMITED, Duration.ofSeconds(60)));
        Recorder r = route(req());
        r.assertClean();
        assertEquals("switched first/m1 -> second/m2 RATE_LIMITED", r.events().get(0));
        assertEquals("answer from second", r.text());
        assertTrue("no waiting: " + scheduler.delays(), scheduler.delays().stream().allMatch(d -> d == 0));
        // and the next request does not knock on the throttled model either
        assertEquals(SkipReason.THROTTLED, router().explain(req()).candidates().stream()
                .filter(c -> c.target().providerId().equals("first")).findFirst().orElseThrow().skipped());
    }

    @Test
    public void totalWaitIsCapped() {
        withMaxTotalWait(Duration.ofSeconds(3));
        first.then(failing(Kind.RATE_LIMITED, Duration.ofSeconds(2)), failing(Kind.RATE_LIMITED, Duration.ofSeconds(2)));
        Recorder r = route(req());
        scheduler.advance(Duration.ofSeconds(2));
        r.assertClean();
        assertEquals(List.of("retry first/m1 #2 in 2000 ms RATE_LIMITED", "switched first/m1 -> second/m2 RATE_LIMITED",
                "start second/m2", "text answer from second", "usage 10/5", "complete END_TURN"), r.events());
    }

    @Test
    public void badRequestIsNeitherRetriedNorPassedOn() {
        first.then(failing(Kind.BAD_REQUEST));
        Recorder r = route(req());
        r.assertClean();
        assertEquals(List.of("error BAD_REQUEST"), r.events());
        assertTrue(r.error.getMessage().contains("first/m1 refused the request"));
        assertTrue(second.calls().isEmpty());
        assertEquals(CircuitState.CLOSED, state("first/m1").circuit());
        assertEquals(0, state("first/m1").consecutiveFailures());
    }

    @Test
    public void everyCandidateFailingEndsWithARoutingExceptionListingThem() {
        withAttempts(1);
        first.then(failing(Kind.OVERLOADED));
        second.then(failing(Kind.UNAVAILABLE));
        Recorder r = route(req());
        r.assertClean();
        assertEquals(List.of("switched first/m1 -> second/m2 OVERLOADED", "error UNAVAILABLE"), r.events());
        RoutingException e = (RoutingException) r.error;
        assertEquals(2, e.failures().size());
        assertTrue(e.getMessage(), e.getMessage().contains("first: scripted OVERLOADED"));
        assertTrue(e.getMessage(), e.getMessage().contains("second: scripted UNAVAILABLE"));
    }

    @Test
    public void breakerOpensAtLowTrafficHalfOpensAndClosesOnAGoodProbe() {
        withAttempts(1);
        first.then(failing(Kind.UNAVAILABLE), failing(Kind.UNAVAILABLE), failing(Kind.UNAVAILABLE));
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                clock.advance(Duration.ofMinutes(5)); // far apart: count-based, not rate-based
            }
            assertEquals("second", route(req()).info.providerId());
        }
        assertEquals(CircuitState.OPEN, state("first/m1").circuit());
        assertEquals("second", route(req()).info.providerId());
        assertEquals("an open circuit is not called", 3, first.calls().size());

        clock.advance(settings.cooldown());
        assertEquals(CircuitState.HALF_OPEN, state("first/m1").circuit());
        first.then(script(start(), text("probe"), HOLD, complete(StopReason.END_TURN)));
        Recorder probe = route(req());
        assertEquals("first", probe.info.providerId());
        Recorder during = route(req());
        assertEquals("one probe at a time: the second request goes elsewhere", "second", during.info.providerId());
        first.lastCall().resume();
        probe.assertClean();
        assertEquals(CircuitState.CLOSED, state("first/m1").circuit());
        assertEquals("first", route(req()).info.providerId());
    }

    @Test
    public void failedProbeReopensForLonger() {
        withAttempts(1);
        first.then(failing(Kind.UNAVAILABLE), failing(Kind.UNAVAILABLE), failing(Kind.UNAVAILABLE),
                failing(Kind.OVERLOADED));
        for (int i = 0; i < 3; i++) {
            route(req());
        }
        clock.advance(settings.cooldown());
        assertEquals("second", route(req()).info.providerId());
        ProviderState s = state("first/m1");
        assertEquals(CircuitState.OPEN, s.circuit());
        assertEquals(2, s.timesOpened());
        assertEquals(clock.instant().plus(settings.cooldown().multipliedBy(2)), s.openUntil());
    }

    @Test
    public void unauthorizedLocksOutEveryModelOfTheProviderForLong() {
        ScriptedProvider multi = new ScriptedProvider("multi", model("a"), model("b"));
        registry.add(multi);
        multi.then(failing(Kind.UNAUTHORIZED));
        Recorder r = route(request().withPreferred(ModelRef.provider("multi")));
        r.assertClean();
        assertEquals("no retry and not the same provider's other model", List.of("switched multi/a -> first/m1 UNAUTHORIZED",
                "start first/m1", "text answer from first", "usage 10/5", "complete END_TURN"), r.events());
        for (String t : List.of("multi/a", "multi/b")) {
            assertEquals(CircuitState.OPEN, state(t).circuit());
            assertEquals(clock.instant().plus(settings.unauthorizedCooldown()), state(t).openUntil());
        }
        assertEquals(1, multi.calls().size());
    }

    @Test
    public void cancelDuringAPendingRetryEndsAtOnceAndTheRetryNeverRuns() {
        first.then(failing(Kind.RATE_LIMITED, Duration.ofSeconds(5)));
        Recorder r = new Recorder();
        StreamHandle h = router().stream(req(), r);
        scheduler.runDue();
        assertEquals(List.of("retry first/m1 #2 in 5000 ms RATE_LIMITED"), r.events());
        h.cancel();
        r.assertClean();
        assertEquals(StopReason.CANCELLED, r.stop);
        assertEquals(0, scheduler.waiting());
        scheduler.advance(Duration.ofMinutes(1));
        assertEquals(1, first.calls().size());
        assertTrue(second.calls().isEmpty());
        h.cancel();
        r.assertClean();
        assertEquals(0, router().activeStreams());
    }

    @Test
    public void cancelDuringTheStreamCancelsTheProviderStream() {
        first.then(script(start(), text("so far"), HOLD, complete(StopReason.END_TURN)));
        Recorder r = new Recorder();
        StreamHandle h = router().stream(req(), r);
        h.cancel();
        r.assertClean();
        assertEquals(List.of("start first/m1", "text so far", "complete CANCELLED"), r.events());
        assertEquals(1, first.lastCall().cancels());
        assertEquals("a cancelled call says nothing about the provider", 0, state("first/m1").consecutiveFailures());
    }

    @Test
    public void cancelBeforeTheFirstContentEndsWithoutAStart() {
        first.then(script(start(), usage(5, 0), HOLD));
        Recorder r = new Recorder();
        StreamHandle h = router().stream(req(), r);
        h.cancel();
        r.assertClean();
        assertEquals(List.of("complete CANCELLED"), r.events());
    }

    @Test
    public void providerThatLeavesMidAnswerEndsTheStreamWithAClearError() {
        first.then(script(start(), text("half an"), HOLD));
        Recorder r = route(req());
        registry.remove("first");
        // the plugin's bundle stops: its streams fail
        first.lastCall().fail(new ProviderException(Kind.UNAVAILABLE, "first", "first: the provider stopped"));
        r.assertClean();
        assertEquals(Kind.CUT_MID_STREAM, r.error.kind());
        assertTrue(r.error.getMessage(), r.error.getMessage().contains("first/m1 failed mid-answer"));
        assertTrue(r.error.getMessage(), r.error.getMessage().contains("the provider stopped"));
    }

    @Test
    public void providerThatLeavesBeforeItsFirstTokenIsReplacedNotRetried() {
        first.then(script(start(), HOLD));
        Recorder r = route(req());
        registry.remove("first");
        first.lastCall().fail(new ProviderException(Kind.UNAVAILABLE, "first", "first: the provider stopped"));
        scheduler.advance(Duration.ofSeconds(1));
        r.assertClean();
        assertEquals(List.of("retry first/m1 #2 in 187 ms UNAVAILABLE", "switched first/m1 -> second/m2 UNAVAILABLE",
                "start second/m2", "text answer from second", "usage 10/5", "complete END_TURN"), r.events());
        assertEquals("the retry found it gone", 1, first.calls().size());
    }

    @Test
    public void synchronousFailureIsNeverDeliveredOnTheCallersThread() {
        withAttempts(1);
        first.then(ScriptedProvider.throwing(new IllegalStateException("boom")));
        Recorder r = new Recorder();
        router().stream(req(), r);
        assertTrue(r.events().isEmpty());
        scheduler.runDue();
        r.assertClean();
        assertTrue(r.events().get(0).startsWith("switched first/m1 -> second/m2 UNAVAILABLE"));
    }

    @Test
    public void aProviderArrivingMidRequestDoesNotDisturbIt() {
        withAttempts(1);
        first.then(failing(Kind.UNAVAILABLE));
        Recorder r = new Recorder();
        router().stream(req(), r);
        registry.add(new ScriptedProvider("aaa", model("new")));
        scheduler.runDue();
        assertEquals("second", r.info.providerId());
    }

    @Test
    public void usageOfTheAnsweringCallIsCounted() {
        UsageMeter meter = UsageMeter.inMemory(clock);
        meter.putBudget(new Budget("acme", ScopeKey.organisation("acme"), BudgetPeriod.MONTH, null, 1_000_000L));
        ledger = meter;
        route(req().withScope(new UsageScope("acme", null, "ann", null, null)));
        assertEquals(15, meter.statuses("acme").get(0).spentTokens());
    }

    @Test
    public void stoppedRouterCancelsStreamsAndRefusesNewOnes() {
        first.then(script(start(), text("x"), HOLD));
        Recorder r = route(req());
        router().close();
        r.assertClean();
        assertEquals(StopReason.CANCELLED, r.stop);
        try {
            router().stream(req(), new Recorder());
            fail("a stopped router accepted a request");
        } catch (IllegalStateException expected) {
            // the service is going away
        }
    }

    @Test
    public void stoppedSchedulerEndsAWaitingStreamInsteadOfHangingIt() {
        withAttempts(1);
        first.then(failing(Kind.UNAVAILABLE));
        scheduler.stop();
        Recorder r = new Recorder();
        router().stream(req(), r);
        r.assertClean();
        assertEquals(Kind.UNAVAILABLE, r.error.kind());
        assertTrue(r.error.getMessage(), r.error.getMessage().contains("stopped"));
    }
}
