package io.coditect.studio.core.internal.routing;

import static io.coditect.studio.core.internal.routing.ScriptedProvider.answer;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.model;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.routing.CircuitState;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.routing.RoutingException;
import io.coditect.studio.api.routing.SkipReason;
import io.coditect.studio.api.routing.TaskType;
import io.coditect.studio.api.routing.TenantPolicy;
import io.coditect.studio.api.routing.UsageScope;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.core.internal.usage.Budget;
import io.coditect.studio.core.internal.usage.ScopeKey;
import io.coditect.studio.core.internal.usage.UsageMeter;
import org.junit.Test;

public class RouterSelectionTest extends RouterFixture {

    private final ScriptedProvider cheap = new ScriptedProvider("cheap", model("mini", 16_000, "0.1", "0.4"));
    private final ScriptedProvider vision = new ScriptedProvider("vision",
            model("eye", 128_000, "2", "8", Capability.VISION, Capability.TOOLS));
    private final ScriptedProvider smart = new ScriptedProvider("smart",
            model("thinker", 200_000, "3", "15", Capability.REASONING, Capability.TOOLS, Capability.CODE,
                    Capability.LONG_CONTEXT));

    private static List<String> order(RouteDecision d) {
        return d.eligible().stream().map(c -> c.target().toString()).toList();
    }

    private static RouteDecision.Candidate find(RouteDecision d, String target) {
        return d.candidates().stream().filter(c -> c.target().toString().equals(target)).findFirst().orElseThrow();
    }

    @Test
    public void bestPutsReasoningAndHigherPricedModelsFirstAndCheapestTheReverse() {
        registry.add(cheap, vision, smart);
        RoutedRequest r = request();
        assertEquals(List.of("smart/thinker", "vision/eye", "cheap/mini"), order(router().explain(r)));
        assertEquals(List.of("cheap/mini", "vision/eye", "smart/thinker"),
                order(router().explain(r.withPolicy(TenantPolicy.prefer(TenantPolicy.Preference.CHEAPEST)))));
    }

    @Test
    public void imagesNeedAVisionModel() {
        registry.add(cheap, vision, smart);
        ChatMessage photo = new ChatMessage(ChatRole.USER,
                List.of(new ContentPart.Text("what is it?"), new ContentPart.Image("image/png", "AAAA")));
        RouteDecision d = router().explain(RoutedRequest.of("r", ChatRequest.of("", List.of(photo))));
        assertEquals(List.of("vision/eye"), order(d));
        assertEquals(Set.of(Capability.CHAT, Capability.VISION), d.requiredCapabilities());
        RouteDecision.Candidate mini = find(d, "cheap/mini");
        assertEquals(SkipReason.MISSING_CAPABILITY, mini.skipped());
        assertTrue(mini.detail(), mini.detail().contains("VISION"));
    }

    @Test
    public void toolsAndTaskTypeNarrowTheCandidates() {
        registry.add(cheap, vision, smart);
        ChatRequest withTools = new ChatRequest("", "", List.of(ChatMessage.user("ls")),
                List.of(new ToolDefinition("shell", "runs a command", null)), 1000, null);
        assertEquals(List.of("smart/thinker", "vision/eye"), order(router().explain(RoutedRequest.of("r", withTools))));
        assertEquals(List.of("smart/thinker"),
                order(router().explain(RoutedRequest.of("r", withTools).withTask(TaskType.CODE))));
    }

    @Test
    public void aLongPromptSkipsModelsWhoseWindowIsTooSmall() {
        registry.add(cheap, vision, smart);
        RouteDecision d = router().explain(request("word ".repeat(12_000)));
        RouteDecision.Candidate mini = find(d, "cheap/mini");
        assertEquals(SkipReason.CONTEXT_TOO_SMALL, mini.skipped());
        assertTrue(mini.detail(), mini.detail().contains("16,000"));
        assertEquals(List.of("smart/thinker", "vision/eye"), order(d));
    }

    @Test
    public void tenantPolicyAllowsDeniesAndCapsThePrice() {
        registry.add(cheap, vision, smart);
        RoutedRequest r = request();
        RouteDecision denied = router().explain(r.withPolicy(TenantPolicy.OPEN.withDenied(Set.of("smart"))));
        assertEquals(SkipReason.NOT_ALLOWED_BY_POLICY, find(denied, "smart/thinker").skipped());
        RouteDecision allowed = router().explain(r.withPolicy(TenantPolicy.OPEN.withAllowed(Set.of("cheap"))));
        assertEquals(List.of("cheap/mini"), order(allowed));
        RouteDecision capped = router().explain(r.withPolicy(TenantPolicy.OPEN.withMaxPricePerMTok(new BigDecimal("10"))));
        RouteDecision.Candidate thinker = find(capped, "smart/thinker");
        assertEquals(SkipReason.OVER_COST_CEILING, thinker.skipped());
        assertTrue(thinker.detail(), thinker.detail().contains("15"));
        assertEquals(List.of("vision/eye", "cheap/mini"), order(capped));
    }

    @Test
    public void explicitPreferenceComesFirstAndAModelInTheChatRequestCountsAsOne() {
        registry.add(cheap, vision, smart);
        assertEquals("cheap/mini", order(router().explain(request().withPreferred(ModelRef.provider("cheap")))).get(0));
        RoutedRequest byModel = RoutedRequest.of("r", ChatRequest.of("eye", List.of(ChatMessage.user("hi"))));
        RouteDecision d = router().explain(byModel);
        assertEquals("vision/eye", order(d).get(0));
        assertTrue(d.eligible().get(0).detail().contains("preferred"));
    }

    @Test
    public void offlineProvidersComeLastUnlessPreferredOrAlone() {
        ScriptedProvider offline = new ScriptedProvider("offline", model("echo", 200_000, "0", "0")).offline(true);
        registry.add(offline, cheap);
        RoutedRequest cheapest = request().withPolicy(TenantPolicy.prefer(TenantPolicy.Preference.CHEAPEST));
        assertEquals(List.of("cheap/mini", "offline/echo"), order(router().explain(cheapest)));
        assertEquals(List.of("offline/echo", "cheap/mini"),
                order(router().explain(cheapest.withPreferred(ModelRef.provider("offline")))));
        registry.remove("cheap");
        Recorder r = route(request());
        assertEquals("offline", r.info.providerId());
        assertTrue(r.info.offline());
    }

    @Test
    public void downProvidersAreSkippedAndDegradedOnesComeAfterHealthyOnes() {
        registry.add(cheap, vision, smart);
        smart.health(Health.degraded("slow"));
        vision.health(Health.down("no API key"));
        RouteDecision d = router().explain(request());
        assertEquals(List.of("cheap/mini", "smart/thinker"), order(d));
        assertTrue(find(d, "smart/thinker").detail().contains("degraded"));
        RouteDecision.Candidate eye = find(d, "vision/eye");
        assertEquals(SkipReason.UNHEALTHY, eye.skipped());
        assertTrue(eye.detail().contains("no API key"));
    }

    @Test
    public void openCircuitIsSkippedAndExplainedThenOfferedAsAProbe() {
        registry.add(cheap, smart);
        withAttempts(1);
        smart.then(ScriptedProvider.failing(ProviderException.Kind.UNAVAILABLE),
                ScriptedProvider.failing(ProviderException.Kind.UNAVAILABLE),
                ScriptedProvider.failing(ProviderException.Kind.UNAVAILABLE));
        for (int i = 0; i < 3; i++) {
            // preferred, so a model that failed before is still tried first
            assertEquals("cheap", route(request().withPreferred(ModelRef.provider("smart"))).info.providerId());
        }
        assertEquals(3, smart.calls().size());
        RouteDecision d = router().explain(request());
        RouteDecision.Candidate thinker = find(d, "smart/thinker");
        assertEquals(SkipReason.CIRCUIT_OPEN, thinker.skipped());
        assertEquals(CircuitState.OPEN, thinker.circuit());
        assertTrue(thinker.detail(), thinker.detail().contains("open until"));
        clock.advance(settings.cooldown());
        RouteDecision later = router().explain(request());
        RouteDecision.Candidate probe = find(later, "smart/thinker");
        assertNull(probe.skipped());
        assertEquals(CircuitState.HALF_OPEN, probe.circuit());
        assertTrue(probe.detail(), probe.detail().contains("probe"));
        assertEquals("a model that failed recently ranks as degraded", List.of("cheap/mini", "smart/thinker"),
                order(later));
    }

    @Test
    public void providersArriveAndLeaveBetweenRequests() {
        registry.add(cheap);
        assertEquals("cheap", route(request()).info.providerId());
        registry.add(smart);
        assertEquals("smart", route(request()).info.providerId());
        registry.remove("smart");
        assertEquals("cheap", route(request()).info.providerId());
        assertTrue(router().explain(request()).candidates().stream().noneMatch(c -> c.target().providerId()
                .equals("smart")));
    }

    @Test
    public void noQualifyingModelEndsWithABadRequestThatSaysWhy() {
        registry.add(cheap);
        ChatMessage photo = new ChatMessage(ChatRole.USER, List.of(new ContentPart.Image("image/png", "AAAA")));
        Recorder r = new Recorder();
        router().stream(RoutedRequest.of("r", ChatRequest.of("", List.of(photo))), r);
        assertTrue("nothing is delivered on the caller's thread", r.events().isEmpty());
        scheduler.runDue();
        r.assertClean();
        assertEquals(ProviderException.Kind.BAD_REQUEST, r.error.kind());
        assertTrue(r.error.getMessage(), r.error.getMessage().contains("cheap/mini lacks [VISION]"));
        RoutingException e = (RoutingException) r.error;
        assertEquals(SkipReason.MISSING_CAPABILITY, e.decision().candidates().get(0).skipped());
        assertTrue(cheap.calls().isEmpty());
    }

    @Test
    public void noProviderAtAllIsUnavailable() {
        Recorder r = route(request());
        r.assertClean();
        assertEquals(ProviderException.Kind.UNAVAILABLE, r.error.kind());
        assertTrue(r.error.getMessage().contains("no LLM provider is registered"));
    }

    @Test
    public void aModelThatWouldExceedABudgetIsSkippedForOneThatFits() {
        UsageMeter meter = UsageMeter.inMemory(clock);
        ledger = meter;
        meter.putBudget(new Budget("b1", new ScopeKey(BudgetScope.TEAM, "acme", "core"), BudgetPeriod.MONTH,
                new BigDecimal("0.01"), null));
        registry.add(cheap, smart);
        RoutedRequest r = request().withScope(new UsageScope("acme", "core", "ann", null, "s1"));
        RouteDecision d = router().explain(r);
        // the worst case of the request on thinker: ~4 prompt tokens * 3 + 1024 answer tokens * 15 USD/MTok
        assertEquals(SkipReason.OVER_BUDGET, find(d, "smart/thinker").skipped());
        assertTrue(find(d, "smart/thinker").detail(), find(d, "smart/thinker").detail().startsWith(
                "the monthly budget of team 'core' (USD 0.01) would be exceeded: USD 0.00 spent since 2030-01-01 and"
                        + " this request may cost up to USD 0.0154"));
        assertNull(find(d, "cheap/mini").skipped());
        Recorder rec = route(r);
        assertEquals("cheap", rec.info.providerId());
        assertEquals(15, meter.statuses("acme").get(0).spentTokens());
        assertTrue(smart.calls().isEmpty());
    }

    @Test
    public void statesListEveryModelWithItsCircuit() {
        registry.add(cheap, smart);
        withAttempts(1);
        cheap.then(ScriptedProvider.failing(ProviderException.Kind.OVERLOADED));
        route(request().withPreferred(ModelRef.provider("cheap")));
        var states = router().states();
        assertEquals(List.of("cheap/mini", "smart/thinker"), states.stream().map(s -> s.target().toString()).toList());
        assertEquals(CircuitState.CLOSED, states.get(0).circuit());
        assertEquals(1, states.get(0).consecutiveFailures());
        assertEquals(ProviderException.Kind.OVERLOADED, states.get(0).lastErrorKind());
        assertEquals(0, states.get(1).consecutiveFailures());
        assertEquals(1, states.get(1).recentCalls());
    }

    @Test
    public void anotherInstanceOfAProviderStartsWithFreshBreakers() {
        registry.add(cheap, smart);
        withAttempts(1);
        smart.then(ScriptedProvider.failing(ProviderException.Kind.UNAUTHORIZED));
        route(request());
        assertEquals(SkipReason.CIRCUIT_OPEN, find(router().explain(request()), "smart/thinker").skipped());
        // the admin fixes the key: the provider's component is re-created
        ScriptedProvider fixed = new ScriptedProvider("smart", smart.models().get(0)).then(answer("fixed"));
        registry.add(fixed);
        assertNull(find(router().explain(request()), "smart/thinker").skipped());
        assertEquals("fixed", route(request()).text());
    }
}
