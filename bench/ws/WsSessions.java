import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many sessions streaming at once through the real transport: N sessions of a running assembly, each
 * with K WebSocket clients ({@link RawWebSocket}), each session chatting with the offline provider
 * turn after turn (the next message is sent when its DONE arrives) for a fixed time; the provider's
 * token delay sets each session's rate. Every client checks that it sees every sequence number of its
 * session once and in order; latency = a client's receipt - the event's own time ({@code at}, set
 * when the studio published it; same machine, same clock). Run by bench/ws-sessions.sh.
 */
public class WsSessions {

    static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DONE = "\"type\":\"DONE\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DELTA = "\"type\":\"TEXT_DELTA\"".getBytes(StandardCharsets.US_ASCII);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What one socket saw. */
    static final class Watcher implements RawWebSocket.Frames {
        final Session session;
        final boolean drives;
        long last;
        long events;
        long deltas;
        long gaps;
        long reordered;
        double[] latencies = new double[4096];
        int n;
        volatile boolean counting;

        Watcher(Session session, boolean drives) {
            this.session = session;
            this.drives = drives;
        }

        @Override
        public synchronized void text(byte[] a, int from, int to, long receivedNanos) {
            long seq = RawWebSocket.number(a, SEQ, from, to);
            if (seq <= 0) {
                return; // pong, refusals
            }
            if (seq <= last) {
                reordered++;
            } else if (last > 0 && seq != last + 1) { // the first number of a stream is its start
                gaps += seq - last - 1;
            }
            last = Math.max(last, seq);
            boolean delta = RawWebSocket.indexOf(a, DELTA, from, to) >= 0;
            if (!delta && drives && RawWebSocket.indexOf(a, DONE, from, to) >= 0) {
                session.next();
            }
            if (!counting) {
                return;
            }
            events++;
            double lag = RawWebSocket.sincePublished(a, from, to, receivedNanos);
            if (!Double.isNaN(lag)) {
                if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
                latencies[n++] = lag;
            }
            if (delta) {
                deltas++;
            }
        }
    }

    /** One session and its chat, turn after turn while the run lasts. */
    static final class Session {
        final String id;
        final String messages;
        final String token;
        volatile boolean running;
        final AtomicLong turns = new AtomicLong();

        Session(String id, String messages, String token) {
            this.id = id;
            this.messages = messages;
            this.token = token;
        }

        void next() {
            if (!running) {
                return;
            }
            turns.incrementAndGet();
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(messages)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"turn " + turns.get()
                            + ": say something\",\"model\":\"offline/offline-echo\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                        if (r.statusCode() >= 300) {
                            System.err.println("session " + id + ": message answered " + r.statusCode() + ": " + r.body());
                        }
                    });
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int sessions = Integer.parseInt(args[2]);
        int watchers = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String org = base + "/api/v1/orgs/default";
        WsFanout.call("POST", org + "/teams", token, "{\"id\":\"streams\",\"name\":\"Streams\"}");
        WsFanout.call("POST", org + "/projects", token, "{\"id\":\"streams\",\"teamId\":\"streams\",\"name\":\"Streams\"}");
        URI u = URI.create(base);
        InetSocketAddress address = new InetSocketAddress(u.getHost(), u.getPort());
        List<Session> all = new ArrayList<>();
        List<Watcher> seen = new ArrayList<>();
        List<RawWebSocket> sockets = new ArrayList<>();
        long t0 = System.nanoTime();
        Pattern idOf = Pattern.compile("\"id\":\"([^\"]+)\"");
        for (int i = 0; i < sessions; i++) {
            Matcher m = idOf.matcher(WsFanout.call("POST", org + "/sessions", token, "{\"projectId\":\"streams\"}"));
            if (!m.find()) {
                throw new IllegalStateException("no session id");
            }
            Session s = new Session(m.group(1), org + "/sessions/" + m.group(1) + "/messages", token);
            all.add(s);
            for (int w = 0; w < watchers; w++) {
                Watcher watcher = new Watcher(s, w == 0);
                seen.add(watcher);
                sockets.add(new RawWebSocket(address, "/ws?org=default&session=" + s.id, token, watcher));
            }
        }
        System.out.printf("%d sessions with %d WebSocket clients each opened in %d ms%n", sessions, watchers,
                (System.nanoTime() - t0) / 1_000_000);
        RawWebSocket.readInBackground(sockets);
        for (Session s : all) {
            s.running = true;
            s.next();
        }
        Thread.sleep(5_000); // every session streaming
        seen.forEach(w -> w.counting = true);
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        seen.forEach(w -> w.counting = false);
        double took = (System.nanoTime() - start) / 1e9;
        all.forEach(s -> s.running = false);
        Thread.sleep(3_000); // the turns under way end; their events still checked for gaps and order

        long events = 0, deltas = 0, gaps = 0, reordered = 0, turns = 0;
        int k = 0;
        for (Watcher w : seen) {
            synchronized (w) {
                events += w.events;
                deltas += w.deltas;
                gaps += w.gaps;
                reordered += w.reordered;
                k += w.n;
            }
        }
        double[] lat = new double[k];
        int i = 0;
        for (Watcher w : seen) {
            synchronized (w) {
                System.arraycopy(w.latencies, 0, lat, Math.min(i, k), Math.min(w.n, k - i));
                i += w.n;
            }
        }
        for (Session s : all) {
            turns += s.turns.get();
        }
        Arrays.sort(lat);
        System.out.printf("%d sessions x %d clients for %.1f s: %d events delivered (%.0f/s), text deltas per session %.1f/s,"
                + " turns %d; lost (sequence gaps) %d, reordered %d%n", sessions, watchers, took, events, events / took,
                deltas / took / seen.size(), turns, gaps, reordered);
        System.out.printf("latency published -> client receipt: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                WsFanout.pct(lat, 50), WsFanout.pct(lat, 90), WsFanout.pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1]);
        System.exit(gaps == 0 && reordered == 0 ? 0 : 1);
    }
}
