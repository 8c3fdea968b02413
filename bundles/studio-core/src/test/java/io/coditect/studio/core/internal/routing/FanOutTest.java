package io.coditect.studio.core.internal.routing;

import static io.coditect.studio.core.internal.routing.ScriptedProvider.HOLD;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.complete;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.failing;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.model;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.script;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.start;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.text;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.toolCall;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RoutingException;
import org.junit.Test;

public class FanOutTest extends RouterFixture {

    private final ScriptedProvider a = new ScriptedProvider("a", model("a1"), model("a2"));
    private final ScriptedProvider b = new ScriptedProvider("b", model("b1"));
    private final ScriptedProvider c = new ScriptedProvider("c", model("c1"));
    private final Map<ModelRef, Recorder> listeners = new LinkedHashMap<>();

    {
        registry.add(a, b, c);
    }

    private MoeHandle fanOut(ModelRef... targets) {
        MoeHandle h = router().fanOut(request(), List.of(targets), t -> {
            Recorder r = new Recorder();
            listeners.put(t, r);
            return r;
        });
        scheduler.runDue();
        return h;
    }

    private static List<MoeAnswer> answers(MoeHandle h) throws Exception {
        CompletableFuture<List<MoeAnswer>> f = h.answers().toCompletableFuture();
        assertTrue("the fan-out did not complete", f.isDone());
        return f.get(0, TimeUnit.SECONDS);
    }

    @Test
    public void returnsEveryAnswerIncludingAFailedOne() throws Exception {
        withAttempts(1);
        b.then(failing(Kind.OVERLOADED));
        c.then(script(start(), text("I would "), text("call a tool"), toolCall(0, "t1", "ls", "{\"p\":", "1}"),
                complete(StopReason.TOOL_USE)));
        MoeHandle h = fanOut(ModelRef.of("a", "a2"), ModelRef.provider("b"), ModelRef.provider("c"));
        List<MoeAnswer> answers = answers(h);
        assertEquals(h.targets(), answers.stream().map(MoeAnswer::target).toList());

        MoeAnswer fromA = answers.get(0);
        assertTrue(fromA.succeeded());
        assertEquals("answer from a", fromA.text());
        assertEquals("a2", fromA.info().model());
        assertEquals(15, fromA.usage().totalTokens());

        MoeAnswer fromB = answers.get(1);
        assertFalse(fromB.succeeded());
        assertTrue(fromB.error() instanceof RoutingException);
        assertTrue(fromB.error().getMessage(), fromB.error().getMessage().contains("b: scripted OVERLOADED"));
        assertNull(fromB.info());

        MoeAnswer fromC = answers.get(2);
        assertEquals(StopReason.TOOL_USE, fromC.stopReason());
        assertEquals("I would call a tool", fromC.text());
        assertEquals("{\"p\":1}", fromC.toolCalls().get(0).argumentsJson());

        listeners.values().forEach(Recorder::assertClean);
        assertEquals("each answer streams to its own listener", "I would call a tool",
                listeners.get(ModelRef.provider("c")).text());
        assertEquals("a target is never replaced by another provider", 1, b.calls().size());
        assertTrue(listeners.get(ModelRef.provider("b")).events().stream().noneMatch(e -> e.startsWith("switched")));
    }

    @Test
    public void aTargetThatIsNotRegisteredBecomesAFailedAnswer() throws Exception {
        MoeHandle h = fanOut(ModelRef.provider("a"), ModelRef.provider("gone"));
        List<MoeAnswer> answers = answers(h);
        assertTrue(answers.get(0).succeeded());
        assertEquals(Kind.UNAVAILABLE, answers.get(1).error().kind());
        assertTrue(answers.get(1).error().getMessage().contains("target gone"));
    }

    @Test
    public void retriesStayOnTheTarget() throws Exception {
        b.then(failing(Kind.UNAVAILABLE));
        MoeHandle h = fanOut(ModelRef.provider("b"), ModelRef.provider("c"));
        assertFalse(h.answers().toCompletableFuture().isDone());
        scheduler.advance(java.time.Duration.ofSeconds(1));
        List<MoeAnswer> answers = answers(h);
        assertTrue(answers.get(0).succeeded());
        assertEquals(2, b.calls().size());
        assertTrue(listeners.get(ModelRef.provider("b")).events().get(0).startsWith("retry b/b1 #2"));
    }

    @Test
    public void cancelEndsEveryRunningAnswer() throws Exception {
        a.then(script(start(), text("x"), HOLD));
        b.then(script(start(), HOLD));
        MoeHandle h = fanOut(ModelRef.provider("a"), ModelRef.provider("b"), ModelRef.provider("c"));
        assertFalse(h.answers().toCompletableFuture().isDone());
        h.cancel();
        List<MoeAnswer> answers = answers(h);
        assertEquals(StopReason.CANCELLED, answers.get(0).stopReason());
        assertEquals("x", answers.get(0).text());
        assertEquals(StopReason.CANCELLED, answers.get(1).stopReason());
        assertTrue(answers.get(2).succeeded());
        listeners.values().forEach(Recorder::assertClean);
    }

    @Test
    public void targetsMustBeDistinctAndPresent() {
        for (List<ModelRef> bad : List.of(List.<ModelRef>of(), List.of(ModelRef.provider("a"), ModelRef.provider("a")))) {
            try {
                router().fanOut(request(), bad, t -> null);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // told why
            }
        }
        assertTrue(a.calls().isEmpty());
    }
}
