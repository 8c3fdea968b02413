package io.coditect.studio.provider.gemini.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.SseEvent;
import io.coditect.studio.provider.support.StreamSink;
import io.coditect.studio.provider.support.testing.RecordingListener;
import io.coditect.studio.provider.support.testing.RecordingListener.UsageEvent;
import org.junit.Test;

/** The chunk mapping without HTTP. */
public class GeminiStreamHandlerTest {

    private final RecordingListener listener = new RecordingListener();
    private final StreamSink sink = new StreamSink("g", "gemini-x", listener, null);
    private final ThoughtSignatures signatures = new ThoughtSignatures(10);
    private final GeminiStreamHandler handler = new GeminiStreamHandler("gemini-x", signatures, "gc_p");

    private void send(String json) {
        handler.onEvent(new SseEvent(null, json, ""), sink);
    }

    private static String chunk(String parts, String finishReason) {
        return "{\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
                + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"") + ",\"index\":0}]}";
    }

    @Test
    public void stopReasons() {
        assertEquals(StopReason.END_TURN, GeminiStreamHandler.stopReason("STOP", false));
        assertEquals(StopReason.TOOL_USE, GeminiStreamHandler.stopReason("STOP", true));
        assertEquals(StopReason.MAX_TOKENS, GeminiStreamHandler.stopReason("MAX_TOKENS", true));
        for (String refusal : List.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE",
                "IMAGE_SAFETY", "MODEL_ARMOR")) {
            assertEquals(refusal, StopReason.REFUSAL, GeminiStreamHandler.stopReason(refusal, false));
        }
        assertEquals(StopReason.END_TURN, GeminiStreamHandler.stopReason("OTHER", false));
        assertEquals(StopReason.END_TURN, GeminiStreamHandler.stopReason("FINISH_REASON_UNSPECIFIED", false));
        assertEquals(StopReason.TOOL_USE, GeminiStreamHandler.stopReason("SOMETHING_NEW", true));
    }

    @Test
    public void safetyStopAfterTextIsRefusal() {
        send(chunk("{\"text\":\"Here is how to\"}", null));
        send(chunk("", "SAFETY"));
        handler.onEnd(sink);
        assertEquals("Here is how to", listener.text());
        assertEquals(StopReason.REFUSAL, listener.reason());
        listener.assertWellFormed();
    }

    @Test
    public void maxTokens() {
        send(chunk("{\"text\":\"Lorem\"}", "MAX_TOKENS"));
        handler.onEnd(sink);
        assertEquals(StopReason.MAX_TOKENS, listener.reason());
        assertEquals("no usage when the vendor sent none", List.of(), listener.events(UsageEvent.class));
    }

    @Test
    public void malformedFunctionCallFailsRetryably() {
        send("{\"candidates\":[{\"content\":{},\"finishReason\":\"MALFORMED_FUNCTION_CALL\",\"finishMessage\":\"Malformed"
                + " function call: print(default_api.x(\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,"
                + "\"totalTokenCount\":5}}");
        handler.onEnd(sink);
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("g: the model produced an unusable function call"
                + " (finishReason MALFORMED_FUNCTION_CALL: Malformed function call"));
        assertEquals("usage is still reported", List.of(new UsageEvent(new Usage(5, 0, 0))),
                listener.events(UsageEvent.class));
        listener.assertWellFormed();
    }

    @Test
    public void thoughtPartsAreNotAnswerText() {
        send(chunk("{\"text\":\"Let me think about the user's question\",\"thought\":true},{\"text\":\"42\"}", "STOP"));
        handler.onEnd(sink);
        assertEquals("42", listener.text());
    }

    @Test
    public void functionCallWithoutArgumentsGivesAnEmptyObjectAndItsSignatureIsKept() {
        send(chunk("{\"functionCall\":{\"name\":\"list_files\"},\"thoughtSignature\":\"c2lnbmF0dXJl\"}", "STOP"));
        handler.onEnd(sink);
        assertEquals("{}", listener.arguments(0));
        assertEquals(StopReason.TOOL_USE, listener.reason());
        assertEquals("c2lnbmF0dXJl", signatures.get("gemini-x", "gc_p_0").orElseThrow());
        assertTrue(signatures.get("gemini-y", "gc_p_0").isEmpty());
    }

    @Test
    public void usageAddsToolUsePromptAndThinkingAndKeepsTheLastValues() {
        send("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],\"usageMetadata\":{\"promptTokenCount\":100,"
                + "\"candidatesTokenCount\":1,\"thoughtsTokenCount\":7}}");
        send("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":"
                + "{\"promptTokenCount\":100,\"toolUsePromptTokenCount\":20,\"cachedContentTokenCount\":64,"
                + "\"candidatesTokenCount\":9,\"thoughtsTokenCount\":30}}");
        handler.onEnd(sink);
        assertEquals(List.of(new UsageEvent(new Usage(120, 39, 64))), listener.events(UsageEvent.class));
    }

    @Test
    public void errorChunkWithoutCodeUsesItsStatus() {
        send("{\"error\":{\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}");
        assertEquals(Kind.UNAUTHORIZED, listener.error().kind());
        assertEquals("g: stream error 401 UNAUTHENTICATED: Request had invalid authentication credentials.",
                listener.error().getMessage());
    }

    @Test
    public void unknownPartsAndFieldsAreIgnored() {
        send("{\"candidates\":[{\"content\":{\"parts\":[{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"1+1\"}},"
                + "{\"text\":\"2\"},{\"brandNewPart\":{}}]},\"citationMetadata\":{},\"safetyRatings\":[]}],"
                + "\"somethingNew\":true}");
        send(chunk("", "STOP"));
        handler.onEnd(sink);
        assertEquals("2", listener.text());
        assertEquals(StopReason.END_TURN, listener.reason());
        listener.assertWellFormed();
    }

    @Test(expected = ProviderException.class)
    public void malformedChunksFailTheStream() {
        send("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"unterminated");
    }
}
