package io.coditect.studio.itests;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Clients of a session's event stream, as a browser would hold them: SSE or a WebSocket. */
final class EventStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventStreams() {
    }

    /** Events as they arrive, in order. */
    abstract static class Client implements AutoCloseable {
        final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        final List<JsonNode> seen = new ArrayList<>();

        /** Every event up to and including the first matching one. */
        List<JsonNode> until(Predicate<JsonNode> last, Duration max) throws InterruptedException {
            List<JsonNode> got = new ArrayList<>();
            long end = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < end) {
                JsonNode e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
                got.add(e);
                seen.add(e);
                if (last.test(e)) {
                    return got;
                }
            }
            throw new AssertionError("the awaited event did not come; got " + types(got));
        }

        JsonNode await(String type, Duration max) throws InterruptedException {
            List<JsonNode> got = until(e -> type.equals(e.path("type").asText()), max);
            return got.get(got.size() - 1);
        }
    }

    static List<String> types(List<JsonNode> events) {
        List<String> t = new ArrayList<>();
        events.forEach(e -> t.add(e.path("seq").asLong() + ":" + e.path("type").asText()));
        return t;
    }

    static Predicate<JsonNode> done(String turnId) {
        return e -> "DONE".equals(e.path("type").asText()) && turnId.equals(e.path("turnId").asText());
    }

    /** An SSE client; {@code lastEventId} 0 for the whole kept stream. */
    static Client sse(String url, String token, long lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId > 0) {
            b.header("Last-Event-ID", String.valueOf(lastEventId));
        }
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new AssertionError("SSE " + url + " answered " + r.statusCode() + ": "
                    + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        Client c = new Client() {
            @Override
            public void close() throws Exception {
                r.body().close();
            }
        };
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder data = new StringBuilder();
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && data.length() > 0) {
                        c.events.add(JSON.readTree(data.toString()));
                        data.setLength(0);
                    }
                }
            } catch (Exception e) {
                // closed by the test
            }
        }, "itest-sse");
        reader.setDaemon(true);
        reader.start();
        return c;
    }

    /** A WebSocket client with the browser's way of passing the token. */
    static Client ws(String url, String token) throws Exception {
        StringBuilder partial = new StringBuilder();
        WebSocket[] socket = new WebSocket[1];
        Client c = new Client() {
            @Override
            public void close() throws Exception {
                socket[0].sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            }
        };
        socket[0] = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("bearer", "bearer." + token)
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                c.events.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        return c;
    }
}
