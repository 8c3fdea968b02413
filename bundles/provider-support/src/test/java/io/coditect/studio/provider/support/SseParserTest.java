package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class SseParserTest {

    private static List<SseEvent> parseWhole(String body) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
        parser.finish();
        return events;
    }

    /** Feeds one byte at a time, so every boundary (CRLF, UTF-8 sequences) is split somewhere. */
    private static List<SseEvent> parseBytewise(byte[] body) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        for (byte b : body) {
            parser.feed(new byte[] { b }, 0, 1);
        }
        parser.finish();
        return events;
    }

    @Test
    public void namedEventsWithData() {
        List<SseEvent> events = parseWhole("event: message_start\ndata: {\"a\":1}\n\nevent: ping\ndata: {}\n\n");
        assertEquals(List.of(new SseEvent("message_start", "{\"a\":1}", ""), new SseEvent("ping", "{}", "")), events);
    }

    @Test
    public void eventWithoutTypeIsMessage() {
        assertEquals(List.of(new SseEvent("message", "x", "")), parseWhole("data: x\n\n"));
    }

    @Test
    public void multiLineDataIsJoinedWithNewlines() {
        assertEquals("first\n\nthird", parseWhole("data: first\ndata:\ndata: third\n\n").get(0).data());
    }

    @Test
    public void onlyOneLeadingSpaceIsRemovedAndNoColonMeansEmptyValue() {
        List<SseEvent> events = parseWhole("data:  two spaces\n\ndata:nospace\n\ndata\n\n");
        assertEquals(" two spaces", events.get(0).data());
        assertEquals("nospace", events.get(1).data());
        assertEquals("", events.get(2).data());
    }

    @Test
    public void idPersistsAcrossEventsAndIdWithNulIsIgnored() {
        List<SseEvent> events = parseWhole("id: 7\ndata: a\n\ndata: b\n\nid: 8\u0000\ndata: c\n\nid\ndata: d\n\n");
        assertEquals("7", events.get(0).id());
        assertEquals("7", events.get(1).id());
        assertEquals("7", events.get(2).id());
        assertEquals("", events.get(3).id());
    }

    @Test
    public void commentsAndKeepAlivesAreSkipped() {
        List<SseEvent> events = parseWhole(": keep-alive\n\n:\nevent: x\n: in between\ndata: 1\n\n: bye\n\n");
        assertEquals(List.of(new SseEvent("x", "1", "")), events);
    }

    @Test
    public void eventWithoutDataIsNotDispatchedAndItsTypeDoesNotLeak() {
        List<SseEvent> events = parseWhole("event: ping\n\ndata: after\n\n");
        assertEquals(List.of(new SseEvent("message", "after", "")), events);
    }

    @Test
    public void retryAndUnknownFieldsAreIgnored() {
        assertEquals(List.of(new SseEvent("e", "d", "")), parseWhole("retry: 1000\nfoo: bar\nevent: e\ndata: d\n\n"));
    }

    @Test
    public void crlfAndCrLineEnds() {
        List<SseEvent> expected = List.of(new SseEvent("a", "1\n2", ""), new SseEvent("b", "3", ""));
        assertEquals(expected, parseWhole("event: a\r\ndata: 1\r\ndata: 2\r\n\r\nevent: b\r\ndata: 3\r\n\r\n"));
        assertEquals(expected, parseWhole("event: a\rdata: 1\rdata: 2\r\revent: b\rdata: 3\r\r"));
        assertEquals(expected, parseBytewise("event: a\r\ndata: 1\r\ndata: 2\r\n\r\nevent: b\r\ndata: 3\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void finalEventWithoutTrailingBlankLineIsDispatched() {
        assertEquals(List.of(new SseEvent("message_stop", "{}", "")), parseWhole("event: message_stop\ndata: {}\n"));
        assertEquals(List.of(new SseEvent("message_stop", "{}", "")), parseWhole("event: message_stop\ndata: {}"));
        assertEquals(List.of(new SseEvent("message_stop", "{}", "")), parseWhole("event: message_stop\r\ndata: {}\r"));
    }

    @Test
    public void nothingIsDispatchedBeforeTheBlankLine() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        byte[] part1 = "event: a\ndata: 1\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(part1, 0, part1.length);
        assertTrue(events.isEmpty());
        byte[] part2 = "\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(part2, 0, part2.length);
        assertEquals(1, events.size());
    }

    @Test
    public void utf8SplitAcrossPiecesAndByteOrderMark() {
        String text = "data: Grüße 😀 — ok\n\n";
        byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(body, 0, withBom, bom.length, body.length);
        assertEquals(List.of(new SseEvent("message", "Grüße 😀 — ok", "")), parseBytewise(withBom));
    }

    @Test
    public void directBuffersAndBlockingStreams() throws IOException {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put("data: d\n\n".getBytes(StandardCharsets.UTF_8)).flip();
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(direct);
        assertEquals(0, direct.remaining());
        assertEquals("d", events.get(0).data());

        List<SseEvent> fromStream = new ArrayList<>();
        SseParser.parse(new ByteArrayInputStream("event: x\ndata: y\n\nevent: z\ndata: w".getBytes(StandardCharsets.UTF_8)),
                fromStream::add);
        assertEquals(List.of(new SseEvent("x", "y", ""), new SseEvent("z", "w", "")), fromStream);
    }

    @Test
    public void overlongLinesFail() {
        SseParser parser = new SseParser(e -> { });
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 17; i++) {
                parser.feed(chunk, 0, chunk.length);
            }
        });
    }
}
