package io.coditect.studio.provider.support.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recorded vendor response that the {@link ReplayServer} plays back: status, headers and a body
 * sent in chunks, with pauses, a cut connection or endless keep-alives. Written as a text file:
 *
 * <pre>
 * # comment lines (before the status line only)
 * %delay 3000                 optional: wait before sending the status and headers
 * HTTP 200
 * content-type: text/event-stream
 * request-id: req_fixture_1
 *                             a blank line ends the headers
 * event: message_start        body lines are sent as written, each followed by "\n"
 * data: {"type":"message_start", …}
 *
 * %delay 200                  flush what was written so far, then wait 200 ms
 * %flush                      flush what was written so far (one chunk)
 * %eol crlf                   end the following body lines with "\r\n" (%eol lf switches back)
 * %%literal                   a body line starting with "%" ("%literal")
 * %write data: {"par          the rest of the line without line end (to cut mid-line)
 * %cut                        flush, then drop the connection without ending the response
 * %keepalive 50               flush, then send ": keep-alive" comments every 50 ms until the
 *                             client disconnects (at most 30 s)
 * </pre>
 *
 * A body without any directive is sent with a {@code content-length}; otherwise chunked. Nothing
 * after {@code %cut} or {@code %keepalive} is sent.
 */
public final class Fixture {

    /** One step of the body. */
    public sealed interface Step {
    }

    public record Write(byte[] bytes) implements Step {
    }

    public record Delay(long millis) implements Step {
    }

    public record Flush() implements Step {
    }

    public record Cut() implements Step {
    }

    public record KeepAlive(long intervalMillis) implements Step {
    }

    private final long headerDelayMillis;
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final List<Step> body;

    private Fixture(long headerDelayMillis, int status, List<Map.Entry<String, String>> headers, List<Step> body) {
        this.headerDelayMillis = headerDelayMillis;
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = List.copyOf(body);
    }

    /** Reads a fixture file from the test class path, for example {@code /fixtures/anthropic/text.sse}. */
    public static Fixture resource(String path) {
        try (InputStream in = Fixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture on the class path at " + path);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response with a JSON body sent at once; {@code headers} alternate names and values. */
    public static Fixture json(int status, String json, String... headers) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(new SimpleEntry<>("content-type", "application/json"));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.add(new SimpleEntry<>(headers[i], headers[i + 1]));
        }
        return new Fixture(0, status, h, List.of(new Write(json.getBytes(StandardCharsets.UTF_8))));
    }

    /** Parses the text format of the class comment. */
    public static Fixture parse(String text) {
        String[] lines = text.split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--; // the file's final line end
        }
        int i = 0;
        long headerDelay = 0;
        Integer status = null;
        for (; i < n && status == null; i++) {
            String line = stripCr(lines[i]).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("%delay ")) {
                headerDelay = Long.parseLong(line.substring(7).strip());
            } else if (line.startsWith("HTTP")) {
                String[] parts = line.split("\\s+");
                status = Integer.parseInt(parts[1]);
            } else {
                throw new IllegalArgumentException("fixture line " + (i + 1) + ": expected 'HTTP <status>', found: " + line);
            }
        }
        if (status == null) {
            throw new IllegalArgumentException("fixture has no 'HTTP <status>' line");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (; i < n; i++) {
            String line = stripCr(lines[i]);
            if (line.isBlank()) {
                i++;
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("fixture line " + (i + 1) + ": expected 'name: value', found: " + line);
            }
            headers.add(new SimpleEntry<>(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        List<Step> body = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        String eol = "\n";
        for (; i < n; i++) {
            String line = stripCr(lines[i]);
            if (line.startsWith("%%")) {
                pending.append(line.substring(1)).append(eol);
                continue;
            }
            if (!line.startsWith("%")) {
                pending.append(line).append(eol);
                continue;
            }
            if (line.startsWith("%write ")) {
                pending.append(line.substring("%write ".length()));
                continue;
            }
            String[] d = line.substring(1).strip().split("\\s+");
            switch (d[0]) {
                case "eol":
                    eol = d.length > 1 && d[1].equalsIgnoreCase("crlf") ? "\r\n" : "\n";
                    continue;
                case "delay":
                    flush(pending, body);
                    body.add(new Flush());
                    body.add(new Delay(Long.parseLong(d[1])));
                    continue;
                case "flush":
                    flush(pending, body);
                    body.add(new Flush());
                    continue;
                case "cut":
                    flush(pending, body);
                    body.add(new Cut());
                    return new Fixture(headerDelay, status, headers, body);
                case "keepalive":
                    flush(pending, body);
                    body.add(new KeepAlive(Long.parseLong(d[1])));
                    return new Fixture(headerDelay, status, headers, body);
                default:
                    throw new IllegalArgumentException("fixture line " + (i + 1) + ": unknown directive " + line);
            }
        }
        flush(pending, body);
        return new Fixture(headerDelay, status, headers, body);
    }

    public int status() {
        return status;
    }

    public long headerDelayMillis() {
        return headerDelayMillis;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public List<Step> body() {
        return body;
    }

    /** True when the body is only data (sent with a content-length). */
    public boolean plain() {
        return body.stream().allMatch(Write.class::isInstance);
    }

    /** All bytes the body writes, as text. */
    public String bodyText() {
        StringBuilder b = new StringBuilder();
        for (Step s : body) {
            if (s instanceof Write w) {
                b.append(new String(w.bytes(), StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    private static void flush(StringBuilder pending, List<Step> body) {
        if (pending.length() > 0) {
            body.add(new Write(pending.toString().getBytes(StandardCharsets.UTF_8)));
            pending.setLength(0);
        }
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
