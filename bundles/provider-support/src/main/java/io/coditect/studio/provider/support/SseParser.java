package io.coditect.studio.provider.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An incremental parser of a {@code text/event-stream} body (the WHATWG HTML "server-sent events"
 * format), fed with bytes as they arrive.
 *
 * <p>Feed it the body in pieces of any size ({@link #feed(ByteBuffer)}, for example the buffers a
 * JDK {@code HttpClient} body subscriber receives); complete events go to the consumer given to the
 * constructor, on the feeding thread, as soon as their terminating blank line is read. Call
 * {@link #finish()} at the end of the body.
 *
 * <ul>
 * <li>Lines end with LF, CR or CRLF, also when a CRLF pair is split between two pieces; the body is
 * UTF-8 (a multi-byte character may be split between pieces; invalid bytes become U+FFFD) and a
 * leading byte order mark is skipped.</li>
 * <li>{@code event:} sets the type, {@code data:} lines are joined with {@code \n}, {@code id:}
 * sets the last event id (kept for later events; ignored when it contains NUL), {@code retry:} and
 * unknown fields are ignored, one space after the colon is removed, a line without a colon is a
 * field with an empty value.</li>
 * <li>Lines starting with {@code :} are comments (keep-alives) and are skipped.</li>
 * <li>An event without any {@code data:} line is not dispatched (as the specification says).</li>
 * <li><b>Deliberate deviation:</b> at {@link #finish()} a pending event is dispatched even without
 * its terminating blank line, also when the last line had no line end (some servers close the
 * stream right after the last {@code data:} line). When the body was cut in the middle of a line,
 * that event's data is therefore incomplete; adapters detect that when they parse it.</li>
 * </ul>
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread at a time.
 */
public final class SseParser {

    /** Lines longer than this fail the stream instead of exhausting memory. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final Consumer<SseEvent> consumer;

    // line assembly
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private boolean firstLine = true;

    // event assembly
    private String eventType = "";
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String lastEventId = "";

    public SseParser(Consumer<SseEvent> consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** Reads a whole body from a blocking stream until its end, then calls {@link #finish()}. */
    public static void parse(InputStream in, Consumer<SseEvent> consumer) throws IOException {
        SseParser parser = new SseParser(consumer);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            parser.feed(buffer, 0, n);
        }
        parser.finish();
    }

    /** Consumes the remaining bytes of {@code buffer}. */
    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int n = buffer.remaining();
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            buffer.position(buffer.position() + n);
        } else {
            while (buffer.hasRemaining()) {
                accept(buffer.get());
            }
        }
    }

    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
    }

    /**
     * The body ended: processes a last line without line end and dispatches a pending event (see the
     * class comment). The parser may not be fed afterwards.
     */
    public void finish() {
        if (lineLength > 0) {
            endLine();
        }
        dispatch();
    }

    private void accept(byte b) {
        if (b == '\n') {
            if (lastWasCr) {
                lastWasCr = false;
                return;
            }
            endLine();
        } else if (b == '\r') {
            endLine();
            lastWasCr = true;
        } else {
            lastWasCr = false;
            if (lineLength == line.length) {
                if (lineLength >= MAX_LINE_BYTES) {
                    throw new IllegalStateException("an event-stream line is longer than " + MAX_LINE_BYTES + " bytes");
                }
                line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, lineLength * 2));
            }
            line[lineLength++] = b;
        }
    }

    private void endLine() {
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (lineLength >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
                start = 3;
            }
        }
        String text = new String(line, start, lineLength - start, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // do not keep a huge buffer for the rest of the stream
        }
        line(text);
    }

    private void line(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return; // comment, typically a keep-alive
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event":
                eventType = value;
                break;
            case "data":
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
                break;
            default:
                break; // "retry" and unknown fields
        }
    }

    private void dispatch() {
        if (hasData) {
            SseEvent event = new SseEvent(eventType, data.toString(), lastEventId);
            data.setLength(0);
            hasData = false;
            eventType = "";
            consumer.accept(event);
        } else {
            eventType = "";
        }
    }
}
