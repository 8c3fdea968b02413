import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Session event fan-out through the real transport: N WebSocket clients on one session of a running
 * assembly (the browser's way: token as subprotocol), one participant posting presence events at a
 * fixed rate over HTTP. Latency = a client's receipt − the start of the POST that caused the event
 * (so it includes the POST itself). Counts lost and out-of-order events. Run by bench/ws-fanout.sh;
 * the clients are {@link RawWebSocket}s (or, with "jdk", the JDK's own WebSocket client).
 */
public class WsFanout {

    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One client's receipts of the "typing" presence events, in arrival order. */
    static class Receipts {
        final long[] at;
        /** Per receipt: milliseconds since the studio published the event (its "at"). */
        final double[] lag;
        int n;
        boolean reordered;
        long lastSeq;

        Receipts(int events) {
            at = new long[events];
            lag = new double[events];
        }

        synchronized void record(long q, long now, double sincePublished) {
            if (q <= lastSeq) {
                reordered = true;
            }
            lastSeq = q;
            if (n < at.length) {
                at[n] = now;
                lag[n] = sincePublished;
                n++;
            }
        }
    }

    /** The JDK's WebSocket client: one listener per socket, messages handed through its executor. */
    static final class JdkClient extends Receipts implements WebSocket.Listener {
        final StringBuilder partial = new StringBuilder();

        JdkClient(int events) {
            super(events);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String s = partial.toString();
                partial.setLength(0);
                if (s.contains("\"PRESENCE\"") && s.contains("\"typing\"")) {
                    long now = System.nanoTime();
                    Matcher m = SEQ.matcher(s);
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    record(m.find() ? Long.parseLong(m.group(1)) : -1, now,
                            RawWebSocket.sincePublished(bytes, 0, bytes.length, now));
                }
            }
            ws.request(1);
            return null;
        }
    }

    /** Receipts of one socket of the lean client. */
    static final class RawClient extends Receipts implements RawWebSocket.Frames {
        static final byte[] TYPING = "\"typing\"".getBytes(StandardCharsets.US_ASCII);
        static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

        RawClient(int events) {
            super(events);
        }

        @Override
        public void text(byte[] a, int from, int to, long now) {
            if (RawWebSocket.indexOf(a, TYPING, from, to) >= 0) {
                record(RawWebSocket.number(a, SEQ_KEY, from, to), now, RawWebSocket.sincePublished(a, from, to, now));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int clients = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int perSecond = Integer.parseInt(args[4]);
        String kind = args.length > 5 ? args[5] : "raw";
        String org = base + "/api/v1/orgs/default";
        call("POST", org + "/teams", token, "{\"id\":\"fanout\",\"name\":\"Fan-out\"}");
        call("POST", org + "/projects", token, "{\"id\":\"fanout\",\"teamId\":\"fanout\",\"name\":\"Fan-out\"}");
        String opened = call("POST", org + "/sessions", token, "{\"projectId\":\"fanout\"}");
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(opened);
        if (!id.find()) {
            throw new IllegalStateException("no session: " + opened);
        }
        String session = id.group(1);

        List<Receipts> all = new ArrayList<>();
        List<AutoCloseable> sockets = new ArrayList<>();
        long t0 = System.nanoTime();
        String path = "/ws?org=default&session=" + session;
        if ("jdk".equals(kind)) {
            HttpClient wsClient = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
            URI ws = URI.create(base.replace("http://", "ws://") + path);
            for (int i = 0; i < clients; i++) {
                JdkClient c = new JdkClient(events);
                all.add(c);
                WebSocket w = wsClient.newWebSocketBuilder().subprotocols("bearer", "bearer." + token)
                        .buildAsync(ws, c).get(30, TimeUnit.SECONDS);
                sockets.add(w::abort);
            }
        } else {
            URI u = URI.create(base);
            InetSocketAddress address = new InetSocketAddress(u.getHost(), u.getPort());
            List<RawWebSocket> raw = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                RawClient c = new RawClient(events);
                all.add(c);
                RawWebSocket w = new RawWebSocket(address, path, token, c);
                raw.add(w);
                sockets.add(w.channel);
            }
            RawWebSocket.readInBackground(raw);
        }
        System.out.printf("%d WebSocket clients connected in %d ms%n", clients, (System.nanoTime() - t0) / 1_000_000);
        Thread.sleep(1000);

        long[] sent = new long[events];
        double[] posts = new double[events];
        long gap = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        HttpRequest typing = HttpRequest.newBuilder(URI.create(org + "/sessions/" + session + "/presence"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"typing\"}")).build();
        for (int e = 0; e < events; e++) {
            long due = start + e * gap;
            // parked, not spinning: a spinning sender would take one of the two cores
            for (long wait; (wait = due - System.nanoTime()) > 0;) {
                LockSupport.parkNanos(wait);
            }
            sent[e] = System.nanoTime();
            HttpResponse<String> r = HTTP.send(typing, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IllegalStateException("presence answered " + r.statusCode() + ": " + r.body());
            }
            posts[e] = (System.nanoTime() - sent[e]) / 1e6;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && all.stream().anyMatch(c -> received(c) < events)) {
            Thread.sleep(50);
        }
        long lost = 0;
        int reordered = 0;
        double[] lat = new double[clients * events];
        double[] lags = new double[clients * events];
        int k = 0;
        for (Receipts c : all) {
            synchronized (c) {
                lost += events - c.n;
                reordered += c.reordered ? 1 : 0;
                for (int i = 0; i < c.n; i++) {
                    lags[k] = c.lag[i];
                    lat[k++] = (c.at[i] - sent[i]) / 1e6;
                }
            }
        }
        double[] got = Arrays.copyOf(lat, k);
        double[] delivery = Arrays.copyOf(lags, k);
        Arrays.sort(delivery);
        // per event, its slowest delivery: a pause of the studio (a collection) shows as a few slow events
        double[] slowest = new double[events];
        for (Receipts c : all) {
            synchronized (c) {
                for (int i = 0; i < c.n; i++) {
                    slowest[i] = Math.max(slowest[i], (c.at[i] - sent[i]) / 1e6);
                }
            }
        }
        long slowEvents = Arrays.stream(slowest).filter(v -> v > 50).count();
        Arrays.sort(posts);
        Arrays.sort(got);
        System.out.printf("%s client, %d clients x %d events at %d/s: deliveries %d, lost %d, clients with reordering %d%n",
                kind, clients, events, perSecond, k, lost, reordered);
        System.out.printf("latency POST start -> client receipt: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                pct(got, 50), pct(got, 90), pct(got, 99), got.length == 0 ? 0 : got[got.length - 1]);
        System.out.printf("latency published (the event's \"at\") -> client receipt: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                pct(delivery, 50), pct(delivery, 90), pct(delivery, 99), delivery.length == 0 ? 0 : delivery[delivery.length - 1]);
        System.out.printf("the POST itself (204 back): p50 %.2f ms, p99 %.2f ms; events with a delivery over 50 ms: %d of %d%n",
                pct(posts, 50), pct(posts, 99), slowEvents, events);
        for (AutoCloseable s : sockets) {
            s.close();
        }
        System.exit(0);
    }

    static int received(Receipts c) {
        synchronized (c) {
            return c.n;
        }
    }

    static double pct(double[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String call(String method, String url, String token, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer "
                + token).header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers
                        .ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && r.statusCode() != 409) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
