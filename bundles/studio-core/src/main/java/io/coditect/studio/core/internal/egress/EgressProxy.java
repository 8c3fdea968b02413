package io.coditect.studio.core.internal.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress filter of one sandbox: an HTTP proxy on a Unix socket that the sandbox sees at
 * {@code /run/studio/egress.sock}. It tunnels {@code CONNECT host:port} (HTTPS and anything else
 * over TLS) and forwards plain {@code http://} requests, each only when the sandbox's
 * {@link EgressPolicy} allows the host, the port and every address the name resolves to; it
 * connects to the address it checked, so a name cannot be re-pointed in between.
 */
public final class EgressProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EgressProxy.class);
    private static final int MAX_HEAD = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService threads;
    private volatile EgressPolicy policy = EgressPolicy.NONE;
    private volatile String owner = "no session yet";
    private final AtomicLong allowed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    EgressProxy(Path socket, ExecutorService threads) throws IOException {
        this.socket = socket;
        this.threads = threads;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        threads.execute(this::accept);
    }

    public Path socket() {
        return socket;
    }

    /** Applies {@code newPolicy} to the connections from now on; {@code who} names the session in logs. */
    public void assign(EgressPolicy newPolicy, String who) {
        this.policy = newPolicy;
        this.owner = who;
    }

    public long allowedCount() {
        return allowed.get();
    }

    public long refusedCount() {
        return refused.get();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                threads.execute(() -> serve(c));
            } catch (IOException e) {
                return; // closed
            } catch (RuntimeException e) {
                LOG.warn("egress filter {}: {}", socket, e.getMessage());
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel; InputStream in = ChannelStreams.in(channel);
                OutputStream out = ChannelStreams.out(channel)) {
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
            if (line.length != 3) {
                answer(out, 400, "Bad Request", "not an HTTP proxy request");
                return;
            }
            boolean tunnel = line[0].equals("CONNECT");
            String host;
            int port;
            String forward = null;
            if (tunnel) {
                int colon = line[1].lastIndexOf(':');
                host = colon > 0 ? line[1].substring(0, colon) : line[1];
                port = colon > 0 ? Integer.parseInt(line[1].substring(colon + 1)) : 443;
            } else {
                URI uri = URI.create(line[1]);
                if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    answer(out, 400, "Bad Request", "send absolute http:// URLs, or CONNECT for anything else");
                    return;
                }
                host = uri.getHost();
                port = uri.getPort() < 0 ? 80 : uri.getPort();
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                forward = line[0] + " " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " "
                        + line[2] + head.substring(head.indexOf("\r\n"));
            }
            host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            Decision d = check(host, port);
            if (d.refusal() != null) {
                answer(out, 403, "Forbidden", "the studio's egress filter refused " + host + ":" + port + ": "
                        + d.refusal() + ". Ask an administrator to allow it (egressAllow of the organisation's"
                        + " sandbox limits).");
                return;
            }
            InetAddress target = d.address();
            try (Socket upstream = new Socket()) {
                upstream.connect(new InetSocketAddress(target, port), CONNECT_TIMEOUT_MS);
                allowed.incrementAndGet();
                if (tunnel) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else {
                    upstream.getOutputStream().write(forward.getBytes(StandardCharsets.ISO_8859_1));
                }
                pump(in, out, upstream);
            } catch (IOException e) {
                answer(out, 502, "Bad Gateway", "cannot connect to " + host + ":" + port + ": " + e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("egress filter {}: connection ended: {}", owner, e.getMessage());
        }
    }

    private record Decision(InetAddress address, String refusal) {
    }

    private Decision check(String host, int port) {
        EgressPolicy p = policy;
        String why = p.refusalOfName(host, port);
        InetAddress chosen = null;
        if (why == null) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    String no = p.refusalOfAddress(a);
                    if (no != null) {
                        why = no; // one private answer is enough to refuse: the name points inside
                        break;
                    }
                    chosen = chosen == null ? a : chosen;
                }
            } catch (IOException e) {
                why = "the name cannot be resolved";
            }
        }
        if (why != null) {
            refused.incrementAndGet();
            LOG.info("egress of {} to {}:{} refused: {}", owner, host, port, why);
        }
        return new Decision(chosen, why);
    }

    private void pump(InputStream fromSandbox, OutputStream toSandbox, Socket upstream) throws IOException {
        InputStream fromUp = upstream.getInputStream();
        OutputStream toUp = upstream.getOutputStream();
        threads.execute(() -> {
            try {
                fromSandbox.transferTo(toUp);
            } catch (IOException e) {
                // the sandbox side closed
            } finally {
                try {
                    upstream.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
            }
        });
        fromUp.transferTo(toSandbox);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head longer than " + MAX_HEAD + " bytes");
            }
            state = b == '\r' && (state == 0 || state == 2) ? state + 1 : b == '\n' && (state == 1 || state == 3)
                    ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void answer(OutputStream out, int status, String reason, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", socket, e.getMessage());
        }
    }
}
