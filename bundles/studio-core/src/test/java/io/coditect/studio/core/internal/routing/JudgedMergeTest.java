package io.coditect.studio.core.internal.routing;

import static io.coditect.studio.core.internal.routing.ScriptedProvider.answer;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.failing;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.model;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RoutedRequest;

public class JudgedMergeTest extends RouterFixture {

    private final ScriptedProvider a = new ScriptedProvider("a", model("a1"));
    private final ScriptedProvider b = new ScriptedProvider("b", model("b1"));
    private final ScriptedProvider c = new ScriptedProvider("c", model("c1"));
    private final ScriptedProvider judge = new ScriptedProvider("judge", model("j1"));

    {
        registry.add(a, b, c, judge);
    }

    private List<MoeAnswer> fanOut(RoutedRequest request) throws Exception {
        MoeHandle h = router().fanOut(request, List.of(ModelRef.provider("a"), ModelRef.provider("b"),
                ModelRef.provider("c")), t -> null);
        scheduler.runDue();
        return h.answers().toCompletableFuture().get(0, TimeUnit.SECONDS);
    }

    @Test
    public void theJudgeSeesTheConversationAndEverySuccessfulAnswerAndItsMergeStreams() throws Exception {
        withAttempts(1);
        a.then(answer("Paris"));
        b.then(failing(Kind.OVERLOADED));
        c.then(answer("It is Paris, on the Seine."));
        judge.then(answer("Paris, on the Seine."));
        RoutedRequest request = request("What is the capital of France?");
        List<MoeAnswer> answers = fanOut(request);

        Recorder merged = new Recorder();
        router().merge(request.withPreferred(ModelRef.provider("judge")), answers, merged);
        scheduler.runDue();

        assertEquals(StopReason.END_TURN, merged.stop);
        assertEquals("Paris, on the Seine.", merged.text());
        ChatRequest asked = judge.calls().get(0).request;
        assertTrue(asked.system(), asked.system().contains("single best answer"));
        assertEquals(2, asked.messages().size());
        assertEquals("What is the capital of France?", text(asked.messages().get(0)));
        String turn = text(asked.messages().get(1));
        assertTrue(turn, turn.contains("### Answer 1 (a/a1)\n\nParis"));
        assertTrue(turn, turn.contains("### Answer 2 (c/c1)\n\nIt is Paris, on the Seine."));
        assertFalse("a failed answer is left out: " + turn, turn.contains("(b"));
        assertTrue(asked.tools().isEmpty());
    }

    @Test
    public void nothingToMergeWhenEveryAnswerFailed() throws Exception {
        withAttempts(1);
        a.then(failing(Kind.OVERLOADED));
        b.then(failing(Kind.OVERLOADED));
        c.then(failing(Kind.UNAVAILABLE));
        RoutedRequest request = request();
        List<MoeAnswer> answers = fanOut(request);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> router().merge(request, answers, new Recorder()));
        assertTrue(e.getMessage(), e.getMessage().contains("none of the 3 answers"));
        assertTrue(judge.calls().isEmpty());
    }

    private static String text(ChatMessage m) {
        return m.content().stream().filter(p -> p instanceof ContentPart.Text).map(p -> ((ContentPart.Text) p).text())
                .reduce("", String::concat);
    }
}
