import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lean WebSocket client for many sockets in one load generator: RFC 6455 over plain NIO, every
 * socket on one selector thread, a server's (unmasked) text frames handed on as bytes in place. The
 * JDK's client spends about twice the studio's CPU per frame, so on one 2-core machine it measured
 * the client, not the studio. Handshake as a browser does it: the token as subprotocols.
 */
final class RawWebSocket {

    /** Gets each complete text frame; {@code from}..{@code to} of {@code bytes} is the payload. */
    interface Frames {
        void text(byte[] bytes, int from, int to, long receivedNanos);
    }

    final SocketChannel channel;
    private final Frames frames;
    private final ByteBuffer in = ByteBuffer.allocate(256 * 1024);
    private boolean closed;

    RawWebSocket(InetSocketAddress address, String path, String token, Frames frames) throws IOException {
        this.frames = frames;
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

    /** Reads what arrived and hands on the complete frames; false once the socket is gone. */
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
            } else if (opcode == 1) {
                frames.text(a, from, to, now);
            }
            in.position(to);
        }
        in.compact();
        return !closed;
    }

    /** Sends a text frame (masked, as a client must). */
    synchronized void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        int header = payload.length < 126 ? 2 : 4;
        ByteBuffer out = ByteBuffer.allocate(header + 4 + payload.length);
        out.put((byte) 0x81);
        if (payload.length < 126) {
            out.put((byte) (0x80 | payload.length));
        } else {
            out.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        out.put(mask);
        for (int i = 0; i < payload.length; i++) {
            out.put((byte) (payload[i] ^ mask[i & 3]));
        }
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** Reads every registered socket on the calling thread until the selector closes. */
    static void readAll(Selector selector) {
        try {
            while (selector.isOpen()) {
                selector.select();
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!((RawWebSocket) key.attachment()).readable(now)) {
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading the sockets failed", e);
        }
    }

    /** Reads {@code sockets} on a daemon thread of their own. */
    static Selector readInBackground(Iterable<RawWebSocket> sockets) throws IOException {
        Selector selector = Selector.open();
        for (RawWebSocket s : sockets) {
            s.channel.register(selector, SelectionKey.OP_READ, s);
        }
        Thread reader = new Thread(() -> readAll(selector), "ws-readers");
        reader.setDaemon(true);
        reader.start();
        return selector;
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

    static final byte[] AT = "\"at\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The wall clock in microseconds at {@link #NANO_BASE}: receipt times come from nanoTime. */
    private static final long NANO_BASE = System.nanoTime();
    private static final long WALL_BASE_MICROS;
    static {
        java.time.Instant now = java.time.Instant.now();
        WALL_BASE_MICROS = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /**
     * Milliseconds from the event's own time ({@code "at"}, when the studio published it, on this
     * machine's clock) to its receipt; NaN without one. Parsed by hand: at 50,000 frames a second
     * Instant.parse would make the reader the bottleneck it is meant to measure.
     */
    static double sincePublished(byte[] a, int from, int to, long receivedNanos) {
        int p = indexOf(a, AT, from, to);
        if (p < 0 || p + AT.length + 20 > to) {
            return Double.NaN;
        }
        p += AT.length; // 2026-11-25T11:05:12.123456Z
        long days = java.time.LocalDate.of(digits(a, p, 4), digits(a, p + 5, 2), digits(a, p + 8, 2)).toEpochDay();
        long micros = ((days * 24 + digits(a, p + 11, 2)) * 3600 + digits(a, p + 14, 2) * 60L + digits(a, p + 17, 2)) * 1_000_000;
        if (a[p + 19] == '.') {
            long scale = 100_000;
            for (int i = p + 20; i < to && a[i] >= '0' && a[i] <= '9'; i++, scale /= 10) {
                micros += (a[i] - '0') * Math.max(scale, 0);
            }
        }
        long received = WALL_BASE_MICROS + (receivedNanos - NANO_BASE) / 1_000;
        return (received - micros) / 1e3;
    }

    private static int digits(byte[] a, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            v = v * 10 + (a[i] - '0');
        }
        return v;
    }

    /** The digits after {@code key} (such as {@code "seq":}), or -1. */
    static long number(byte[] a, byte[] key, int from, int to) {
        int s = indexOf(a, key, from, to);
        if (s < 0) {
            return -1;
        }
        long q = 0;
        for (int i = s + key.length; i < to && a[i] >= '0' && a[i] <= '9'; i++) {
            q = q * 10 + (a[i] - '0');
        }
        return q;
    }
}
