package io.coditect.studio.sandbox.docker.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The attached connection of one Docker exec: "POST /exec/{id}/start" upgraded to a raw stream,
 * stdin written to it, stdout and stderr read back as multiplexed frames (8-byte header: stream,
 * three zero bytes, big-endian length).
 *
 * <p>Why not docker-java's own attach: its hijacking copies stdin but never half-closes the
 * connection, so a command reading stdin never sees end-of-file. Here closing {@link #stdin()}
 * shuts the connection's output down, which Docker and Podman pass on as end-of-file. Reads and
 * writes go straight to the SocketChannel (not through Channels.newInputStream, whose blocking
 * read would hold the lock a concurrent write needs).
 */
final class ExecAttachment implements Closeable {

    /** Receives the frames. */
    interface FrameSink {
        /** stream: 1 stdout, 2 stderr. */
        void frame(int stream, byte[] payload);
    }

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final OutputStream stdin = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                channel.shutdownOutput();
            }
        }
    };

    private ExecAttachment(SocketChannel channel) {
        this.channel = channel;
        in.flip(); // empty, ready for reading
    }

    /** Connects, starts the exec and reads the response head; output then waits in the connection. */
    static ExecAttachment start(URI dockerHost, String apiVersion, String execId) throws IOException {
        SocketChannel ch;
        if ("unix".equals(dockerHost.getScheme())) {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(dockerHost.getPath()));
        } else {
            ch = SocketChannel.open(new InetSocketAddress(dockerHost.getHost(), dockerHost.getPort()));
        }
        ExecAttachment a = new ExecAttachment(ch);
        try {
            a.sendStart(apiVersion, execId);
            a.readResponseHead();
            return a;
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void sendStart(String apiVersion, String execId) throws IOException {
        byte[] body = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.US_ASCII);
        String head = "POST /v" + apiVersion + "/exec/" + execId + "/start HTTP/1.1\r\n"
                + "Host: docker\r\n"
                + "Content-Type: application/json\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: tcp\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        stdin.write(head.getBytes(StandardCharsets.US_ASCII));
        stdin.write(body);
    }

    /** 101 (upgraded) or 200 (older engines) start the raw stream; anything else is an error. */
    private void readResponseHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            if (head.length() > MAX_HEADER_BYTES) {
                throw new IOException("the engine's response head is too long");
            }
            head.append((char) (readByte() & 0xff));
        }
        String status = head.substring(0, head.indexOf("\r\n"));
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !(parts[1].equals("101") || parts[1].equals("200"))) {
            byte[] rest = new byte[Math.min(in.remaining(), 500)];
            in.get(rest);
            throw new IOException("the engine refused to start the command: " + status + " "
                    + new String(rest, StandardCharsets.UTF_8).strip());
        }
    }

    OutputStream stdin() {
        return stdin;
    }

    /** Reads frames until the engine ends the stream (the command ended). */
    void readFrames(FrameSink sink) throws IOException {
        byte[] header = new byte[8];
        while (true) {
            if (!fill(1)) {
                return;
            }
            readFully(header);
            int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            if (length < 0) {
                throw new IOException("bad frame length " + length);
            }
            byte[] payload = new byte[length];
            readFully(payload);
            sink.frame(header[0], payload);
        }
    }

    private int readByte() throws IOException {
        if (!fill(1)) {
            throw new EOFException("the engine closed the connection");
        }
        return in.get();
    }

    private void readFully(byte[] into) throws IOException {
        int done = 0;
        while (done < into.length) {
            if (!fill(1)) {
                throw new EOFException("the engine closed the connection inside a frame");
            }
            int n = Math.min(in.remaining(), into.length - done);
            in.get(into, done, n);
            done += n;
        }
    }

    /** Makes at least min bytes readable; false at end of stream with nothing left. */
    private boolean fill(int min) throws IOException {
        while (in.remaining() < min) {
            in.compact();
            int n;
            try {
                n = channel.read(in);
            } finally {
                in.flip();
            }
            if (n < 0) {
                return in.remaining() >= min;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
