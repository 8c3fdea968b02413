package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.testing.RecordingListener;
import io.coditect.studio.provider.support.testing.RecordingListener.Complete;
import io.coditect.studio.provider.support.testing.RecordingListener.Start;
import io.coditect.studio.provider.support.testing.RecordingListener.TextDelta;
import org.junit.Test;

public class StreamSinkTest {

    private final RecordingListener listener = new RecordingListener();
    private final StreamSink sink = new StreamSink("p", "model-a", listener, Secret.of("s3cret-key"));

    @Test
    public void outputStartsTheStreamWithTheRequestedModelOnce() {
        sink.text("hi");
        sink.start("model-b");
        sink.complete(StopReason.END_TURN);
        assertEquals(List.of(new Start(new ResponseInfo("p", "model-a", false)), new TextDelta("hi"),
                new Complete(StopReason.END_TURN)), listener.events());
        listener.assertWellFormed();
    }

    @Test
    public void nothingAfterTheTerminalEvent() {
        sink.start("m");
        sink.complete(StopReason.END_TURN);
        sink.text("late");
        sink.usage(Usage.of(1, 1));
        sink.fail(sink.error(Kind.UNAVAILABLE, "late"));
        sink.complete(StopReason.MAX_TOKENS);
        listener.assertWellFormed();
        assertEquals(StopReason.END_TURN, listener.reason());
        assertTrue(sink.ended());
    }

    @Test
    public void failureBeforeOutputKeepsItsKind() {
        sink.start("m");
        sink.fail(sink.error(Kind.OVERLOADED, "busy"));
        assertEquals(Kind.OVERLOADED, listener.error().kind());
        assertEquals("p: busy", listener.error().getMessage());
        assertFalse(sink.outputEmitted());
    }

    @Test
    public void failureAfterOutputIsCutMidStream() {
        sink.toolCallStart(0, "c1", "t");
        sink.fail(sink.error(Kind.OVERLOADED, "busy"));
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("p: busy (the answer was cut after it had started; was OVERLOADED)"));
        assertEquals(Kind.OVERLOADED, ((ProviderException) e.getCause()).kind());
    }

    @Test
    public void emptyDeltasAreDropped() {
        sink.text("");
        sink.toolCallDelta(0, "");
        assertTrue(listener.events().isEmpty());
    }

    @Test
    public void cancelBeforeStartSendsNoStart() {
        sink.complete(StopReason.CANCELLED);
        assertEquals(List.of(new Complete(StopReason.CANCELLED)), listener.events());
    }

    @Test
    public void theSecretIsRemovedFromFailures() {
        sink.fail(new ProviderException(Kind.UNAUTHORIZED, "p", "invalid x-api-key s3cret-key", null,
                new RuntimeException("s3cret-key")));
        ProviderException e = listener.error();
        assertEquals("invalid x-api-key ****", e.getMessage());
        assertEquals(null, e.getCause());
        assertEquals(Kind.UNAUTHORIZED, e.kind());
    }

    @Test
    public void listenerExceptionsDoNotStopTheStream() {
        RecordingListener recorder = new RecordingListener();
        ChatListener throwing = new ChatListener() {
            public void onStart(ResponseInfo info) {
                recorder.onStart(info);
                throw new IllegalStateException("listener bug");
            }

            public void onTextDelta(String text) {
                recorder.onTextDelta(text);
                throw new IllegalStateException("listener bug");
            }

            public void onToolCallStart(int index, String callId, String toolName) {
            }

            public void onToolCallDelta(int index, String fragment) {
            }

            public void onToolCallEnd(int index) {
            }

            public void onUsage(Usage usage) {
            }

            public void onComplete(StopReason reason) {
                recorder.onComplete(reason);
            }

            public void onError(ProviderException error) {
                recorder.onError(error);
            }
        };
        StreamSink s = new StreamSink("p", "m", throwing, null);
        s.text("a");
        s.text("b");
        s.complete(StopReason.END_TURN);
        assertEquals("ab", recorder.text());
        recorder.assertWellFormed();
    }
}
