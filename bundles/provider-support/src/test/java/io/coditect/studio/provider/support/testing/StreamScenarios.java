package io.coditect.studio.provider.support.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.provider.support.testing.RecordingListener.Complete;
import io.coditect.studio.provider.support.testing.RecordingListener.Start;
import io.coditect.studio.provider.support.testing.RecordingListener.TextDelta;

/**
 * The streaming scenarios every adapter's conformance test runs against its own fixtures: each
 * method does the asserts that are the same for all adapters; the adapter's test adds its own.
 */
public final class StreamScenarios {

    private StreamScenarios() {
    }

    /**
     * The adapter test's way to stream one request against one of its fixtures: enqueue it, stream,
     * await the end, {@link RecordingListener#assertWellFormed()}, and remember failure messages for
     * the key check.
     */
    @FunctionalInterface
    public interface FixtureStream {
        RecordingListener stream(String fixture, ChatRequest request) throws InterruptedException;
    }

    /**
     * The connection is cut after the first text: the answer so far is {@code textBeforeCut}, the
     * failure CUT_MID_STREAM (not retryable).
     */
    public static ProviderException cutAfterFirstText(FixtureStream streams, String fixture, ChatRequest request,
            String textBeforeCut) throws InterruptedException {
        RecordingListener listener = streams.stream(fixture, request);
        assertEquals(textBeforeCut, listener.text());
        ProviderException e = listener.error();
        assertEquals(Kind.CUT_MID_STREAM, e.kind());
        assertFalse(e.kind().retryable());
        return e;
    }

    /**
     * The connection is cut before any text: no text, UNAVAILABLE (retryable), and the message names
     * the request path ending in {@code pathEnd}.
     */
    public static ProviderException cutBeforeFirstText(FixtureStream streams, String fixture, ChatRequest request,
            String pathEnd) throws InterruptedException {
        RecordingListener listener = streams.stream(fixture, request);
        assertTrue(listener.events(TextDelta.class).isEmpty());
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.kind().retryable());
        assertTrue(e.getMessage(), e.getMessage().contains(pathEnd + " (while streaming) the connection failed"));
        return e;
    }

    /**
     * The response starts later than the provider's first-byte timeout of {@code firstByteSeconds}:
     * only {@code onError}, UNAVAILABLE "{@code request}: no response from the vendor within … s
     * (first-byte timeout)", where {@code request} is e.g. {@code "anthropic: POST http://…/v1/messages"}.
     */
    public static ProviderException slowFirstByte(FixtureStream streams, String fixture, ChatRequest request,
            String requestLine, int firstByteSeconds) throws InterruptedException {
        RecordingListener listener = streams.stream(fixture, request);
        assertEquals(1, listener.events().size());
        ProviderException e = listener.error();
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(requestLine + ": no response from the vendor within " + firstByteSeconds + " s"
                + " (first-byte timeout)", e.getMessage());
        return e;
    }

    /**
     * Cancel after the first text of a long stream (fixture resource {@code fixtureResource}, whose
     * first text is {@code firstText}): the stream ends with exactly {@code onStart(started)}, that
     * text and {@code onComplete(CANCELLED)}, a second cancel changes nothing, the server sees the
     * connection closed and no stream stays active.
     */
    public static void cancelMidStream(LlmProvider provider, ReplayServer server, String fixtureResource,
            ChatRequest request, ResponseInfo started, String firstText, IntSupplier activeStreams)
            throws InterruptedException {
        server.enqueue(Fixture.resource(fixtureResource));
        CountDownLatch text = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().onEvent(e -> {
            if (e instanceof TextDelta) {
                text.countDown();
            }
        });
        StreamHandle handle = provider.stream(request, listener);
        assertTrue(text.await(30, TimeUnit.SECONDS));
        handle.cancel();
        listener.awaitEnd();
        handle.cancel();
        assertTrue("the server did not see the connection closed", server.awaitClientDisconnect(30, TimeUnit.SECONDS));
        listener.assertWellFormed();
        assertEquals(List.of(new Start(started), new TextDelta(firstText), new Complete(StopReason.CANCELLED)),
                listener.events());
        assertEquals(0, activeStreams.getAsInt());
    }
}
