package io.coditect.studio.provider.offline.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ProviderException;
import org.junit.Test;

public class AnswerPlannerTest {

    @Test
    public void piecesConcatenateToTheText() {
        String text = "  Hello,  world!\n\tSecond line ✓ 😀 end ";
        List<String> pieces = AnswerPlanner.pieces(text);
        assertEquals(text, String.join("", pieces));
        assertEquals(List.of("  ", "Hello,  ", "world!\n\t", "Second ", "line ", "✓ ", "😀 ", "end "), pieces);
        assertTrue(AnswerPlanner.pieces("").isEmpty());
    }

    @Test
    public void fragmentsConcatenateAndKeepSurrogatePairs() {
        assertEquals(List.of("{", "}"), AnswerPlanner.fragments("{}", 3));
        String json = "{\"a\":\"😀😀😀😀\"}";
        for (int count = 1; count <= json.length() + 1; count++) {
            List<String> fragments = AnswerPlanner.fragments(json, count);
            assertEquals(json, String.join("", fragments));
            assertTrue(fragments.size() <= Math.max(1, count));
            for (String f : fragments) {
                assertFalse(f.isEmpty());
                assertFalse(f, Character.isHighSurrogate(f.charAt(f.length() - 1)));
                assertFalse(f, Character.isLowSurrogate(f.charAt(0)));
            }
        }
    }

    @Test
    public void recognisesCommandLines() {
        assertEquals("run_command {}", AnswerPlanner.commandArgument("  /tool   run_command {}  ", "/tool"));
        assertEquals("", AnswerPlanner.commandArgument("/tool", "/tool"));
        assertEquals("x", AnswerPlanner.commandArgument("/tool\tx", "/tool"));
        assertNull(AnswerPlanner.commandArgument("/toolbox x", "/tool"));
        assertNull(AnswerPlanner.commandArgument("please /tool x {}", "/tool"));
        assertNull(AnswerPlanner.commandArgument("/TOOL x {}", "/tool"));
    }

    @Test
    public void parsesFailureKinds() {
        assertEquals(ProviderException.Kind.RATE_LIMITED, AnswerPlanner.parseKind("rate_limited"));
        assertEquals(ProviderException.Kind.RATE_LIMITED, AnswerPlanner.parseKind(" Rate-Limited "));
        assertEquals(ProviderException.Kind.CUT_MID_STREAM, AnswerPlanner.parseKind("CUT_MID_STREAM"));
        assertNull(AnswerPlanner.parseKind("meltdown"));
        assertNull(AnswerPlanner.parseKind(""));
    }

    @Test
    public void sameRequestGivesTheSamePlan() {
        ChatRequest request = ChatRequest.of("offline-echo", List.of(ChatMessage.user("hello\n/tool x {\"a\":1}")));
        assertEquals(AnswerPlanner.plan(request), AnswerPlanner.plan(request));
    }

    @Test
    public void longMessagesAreShortenedAndImagesMentioned() {
        String longText = "word ".repeat(2000);
        ChatMessage message = new ChatMessage(ChatRole.USER, List.of(new ContentPart.Text(longText),
                new ContentPart.Image("image/png", "AAAA")));
        List<Step> plan = AnswerPlanner.plan(ChatRequest.of("offline-echo", List.of(message)));
        StringBuilder text = new StringBuilder();
        plan.stream().filter(Step.Text.class::isInstance).forEach(s -> text.append(((Step.Text) s).text()));
        assertTrue(text.length() < 2000);
        assertTrue(text.toString(), text.toString().contains("2000 words"));
        assertTrue(text.toString(), text.toString().contains("1 image,"));
    }

    @Test
    public void inputTokensAreEstimatedFromCharacters() {
        ChatRequest request = new ChatRequest("offline-echo", "12345678", List.of(ChatMessage.user("1234")), List.of(),
                10, null);
        assertEquals(3, AnswerPlanner.inputTokens(request));
    }
}
