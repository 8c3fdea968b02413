import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ThreadLocalRandom;

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
    static class Receipts {
        final long[] at;
        final long[] seq;
        int n;
        boolean reordered;
        long lastSeq;

        Receipts(int events) {
            at = new long[events];
            seq = new long[events];
        }

        synchronized void record(long q, long now) {
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
                    record(m.find() ? Long.parseLong(m.group(1)) : -1, now);
                }
            }
            ws.request(1);
            return null;
        }
    }

    /**
     * A lean client for many sockets: RFC 6455 over plain NIO, every socket on one selector thread,
     * frames parsed in place (a server's frames are never masked). The JDK's client spends about
     * twice the studio's CPU per frame; on one 2-core machine that measured the client, not the studio.
     */
    static final class RawClient extends Receipts {
        static final byte[] TYPING = "\"typing\"".getBytes(StandardCharsets.US_ASCII);
        static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        boolean closed;

        RawClient(int events, InetSocketAddress address, String path, String token) throws IOException {
            super(events);
            channel = SocketChannel.open(address);
            channel.socket().setTcpNoDelay(true);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String handshake = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Protocol: bearer, bearer." + token + "\r\n\r\n";
            channel.write(ByteBuffer.wrap(handshake.getBytes(StandardCharsets.US_ASCII)));
            int headerEnd;
            while ((headerEnd = headerEnd()) < 0) {
                if (channel.read(in) < 0) {
                    throw new IOException("the studio closed the handshake");
                }
            }
            String head = new String(in.array(), 0, headerEnd, StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + head.lines().findFirst().orElse(head));
            }
            in.flip().position(headerEnd);
            in.compact(); // frames that came with the answer stay
            channel.configureBlocking(false);
        }

        private int headerEnd() {
            byte[] a = in.array();
            for (int i = 3; i < in.position(); i++) {
                if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** Reads what arrived and records the complete frames; false once the socket is gone. */
        boolean readable(long now) throws IOException {
            if (channel.read(in) < 0) {
                closed = true;
                return false;
            }
            in.flip();
            byte[] a = in.array();
            while (in.remaining() >= 2) {
                int p = in.position();
                int opcode = a[p] & 0x0F;
                long len = a[p + 1] & 0x7F;
                int header = 2;
                if (len == 126) {
                    if (in.remaining() < 4) break;
                    len = ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF);
                    header = 4;
                } else if (len == 127) {
                    if (in.remaining() < 10) break;
                    len = in.getLong(p + 2);
                    header = 10;
                }
                if (len > in.capacity() - header) {
                    throw new IOException("a frame of " + len + " bytes: larger than this client reads");
                }
                if (in.remaining() < header + len) break;
                int from = p + header;
                int to = (int) (from + len);
                if (opcode == 8) {
                    closed = true;
                } else if (opcode == 1 && indexOf(a, TYPING, from, to) >= 0) {
                    int s = indexOf(a, SEQ_KEY, from, to);
                    long q = -1;
                    if (s >= 0) {
                        q = 0;
                        for (int i = s + SEQ_KEY.length; i < to && a[i] >= '0' && a[i] <= '9'; i++) {
                            q = q * 10 + (a[i] - '0');
                        }
                    }
                    record(q, now);
                }
                in.position(to);
            }
            in.compact();
            return !closed;
        }

        static int indexOf(byte[] a, byte[] what, int from, int to) {
            outer:
            for (int i = from; i <= to - what.length; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (a[i + j] != what[j]) continue outer;
                }
                return i;
            }
            return -1;
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
            Selector selector = Selector.open();
            for (int i = 0; i < clients; i++) {
                RawClient c = new RawClient(events, address, path, token);
                all.add(c);
                sockets.add(c.channel);
                c.channel.register(selector, SelectionKey.OP_READ, c);
            }
            Thread reader = new Thread(() -> readAll(selector), "ws-readers");
            reader.setDaemon(true);
            reader.start();
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
            // parked, not spinning: a spinning sender would take one of the two cores
            for (long wait; (wait = due - System.nanoTime()) > 0;) {
                LockSupport.parkNanos(wait);
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
        for (Receipts c : all) {
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
        System.out.printf("%s client, %d clients x %d events at %d/s: deliveries %d, lost %d, clients with reordering %d%n",
                kind, clients, events, perSecond, k, lost, reordered);
        System.out.printf("latency POST start -> client receipt: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                pct(got, 50), pct(got, 90), pct(got, 99), got.length == 0 ? 0 : got[got.length - 1]);
        for (AutoCloseable s : sockets) {
            s.close();
        }
        System.exit(0);
    }

    static void readAll(Selector selector) {
        try {
            while (selector.isOpen()) {
                selector.select();
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!((RawClient) key.attachment()).readable(now)) {
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading the sockets failed", e);
        }
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
