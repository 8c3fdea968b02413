import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Session event fan-out through the real transport: N WebSocket clients on one session of a running
 * assembly (the browser's way: token as subprotocol), one participant posting presence events at a
 * fixed rate over HTTP. Latency = a client's receipt − the start of the POST that caused the event
 * (so it includes the POST itself). Counts lost and out-of-order events. Run by bench/ws-fanout.sh.
 */
public class WsFanout {

    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One client's receipts of the "typing" presence events, in arrival order. */
    static final class Client implements WebSocket.Listener {
        final long[] at;
        final long[] seq;
        int n;
        boolean reordered;
        long lastSeq;
        final StringBuilder partial = new StringBuilder();

        Client(int events) {
            at = new long[events];
            seq = new long[events];
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
                    long q = m.find() ? Long.parseLong(m.group(1)) : -1;
                    synchronized (this) {
                        if (q <= lastSeq) {
                            reordered = true;
                        }
                        lastSeq = q;
                        if (n < at.length) {
                            at[n] = now;
                            seq[n] = q;
                            n++;
                        }
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int clients = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int perSecond = Integer.parseInt(args[4]);
        String org = base + "/api/v1/orgs/default";
        call("POST", org + "/teams", token, "{\"id\":\"fanout\",\"name\":\"Fan-out\"}");
        call("POST", org + "/projects", token, "{\"id\":\"fanout\",\"teamId\":\"fanout\",\"name\":\"Fan-out\"}");
        String opened = call("POST", org + "/sessions", token, "{\"projectId\":\"fanout\"}");
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(opened);
        if (!id.find()) {
            throw new IllegalStateException("no session: " + opened);
        }
        String session = id.group(1);

        HttpClient wsClient = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        List<Client> all = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        long t0 = System.nanoTime();
        URI ws = URI.create(base.replace("http://", "ws://") + "/ws?org=default&session=" + session);
        for (int i = 0; i < clients; i++) {
            Client c = new Client(events);
            all.add(c);
            sockets.add(wsClient.newWebSocketBuilder().subprotocols("bearer", "bearer." + token)
                    .buildAsync(ws, c).get(30, TimeUnit.SECONDS));
        }
        System.out.printf("%d WebSocket clients connected in %d ms%n", clients, (System.nanoTime() - t0) / 1_000_000);
        Thread.sleep(1000);

        long[] sent = new long[events];
        long gap = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        HttpRequest typing = HttpRequest.newBuilder(URI.create(org + "/sessions/" + session + "/presence"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"typing\"}")).build();
        for (int e = 0; e < events; e++) {
            long due = start + e * gap;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            sent[e] = System.nanoTime();
            HttpResponse<String> r = HTTP.send(typing, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IllegalStateException("presence answered " + r.statusCode() + ": " + r.body());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && all.stream().anyMatch(c -> received(c) < events)) {
            Thread.sleep(50);
        }
        long lost = 0;
        int reordered = 0;
        double[] lat = new double[clients * events];
        int k = 0;
        for (Client c : all) {
            synchronized (c) {
                lost += events - c.n;
                reordered += c.reordered ? 1 : 0;
                for (int i = 0; i < c.n; i++) {
                    lat[k++] = (c.at[i] - sent[i]) / 1e6;
                }
            }
        }
        double[] got = Arrays.copyOf(lat, k);
        Arrays.sort(got);
        System.out.printf("%d clients x %d events at %d/s: deliveries %d, lost %d, clients with reordering %d%n",
                clients, events, perSecond, k, lost, reordered);
        System.out.printf("latency POST start -> client receipt: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                pct(got, 50), pct(got, 90), pct(got, 99), got.length == 0 ? 0 : got[got.length - 1]);
        for (WebSocket s : sockets) {
            s.abort();
        }
        System.exit(0);
    }

    static int received(Client c) {
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
