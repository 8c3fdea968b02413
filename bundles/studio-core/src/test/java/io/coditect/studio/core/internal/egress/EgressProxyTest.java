package io.coditect.studio.core.internal.egress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.sun.net.httpserver.HttpServer;

/** The egress filter over its real Unix socket, in front of a real HTTP server on loopback. */
public class EgressProxyTest {

    /** Guards against a hang only (a stuck tunnel would otherwise block the build), not a speed check. */
    @Rule
    public final Timeout hangGuard = Timeout.seconds(60);

    private HttpServer upstream;
    private int port;
    private EgressFilters filters;
    private EgressProxy proxy;

    @Before
    public void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/hello", x -> {
            byte[] b = ("hello from upstream " + x.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        upstream.start();
        port = upstream.getAddress().getPort();
        filters = new EgressFilters();
        proxy = filters.open();
    }

    @After
    public void stop() {
        proxy.close();
        filters.close();
        upstream.stop(0);
    }

    private String exchange(String... writes) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(proxy.socket()));
            OutputStream out = Channels.newOutputStream(c);
            InputStream in = Channels.newInputStream(c);
            StringBuilder answer = new StringBuilder();
            for (String w : writes) {
                out.write(w.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (w.startsWith("CONNECT")) {
                    answer.append(readHead(in));
                }
            }
            answer.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return answer.toString();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private void allowLoopback() {
        proxy.assign(new EgressPolicy(List.of("127.0.0.1", "localhost"), Set.of(port), true), "test");
    }

    @Test
    public void plainHttpIsForwardedWhenAllowed() throws IOException {
        allowLoopback();
        String r = exchange("GET http://127.0.0.1:" + port + "/hello?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(r, r.startsWith("HTTP/1.1 200") && r.contains("hello from upstream /hello?x=1"));
        assertEquals(1, proxy.allowedCount());
    }

    @Test
    public void connectTunnelsAnyProtocolWhenAllowed() throws IOException {
        allowLoopback();
        String r = exchange("CONNECT localhost:" + port + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(r, r.startsWith("HTTP/1.1 200 Connection established") && r.contains("hello from upstream /hello"));
    }

    @Test
    public void aSandboxWithoutASessionGoesNowhere() throws IOException {
        String r = exchange("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\n\r\n");
        assertTrue(r, r.startsWith("HTTP/1.1 403") && r.contains("not allowed"));
        assertEquals(1, proxy.refusedCount());
    }

    @Test
    public void privateAndLoopbackAddressesAreRefusedEvenForAllowedNames() throws IOException {
        proxy.assign(new EgressPolicy(List.of("*"), Set.of(port, 80, 443), false), "test");
        for (String target : List.of("127.0.0.1:" + port, "localhost:" + port, "169.254.169.254:80",
                "10.0.0.1:443", "[::1]:" + port, "[::ffff:127.0.0.1]:" + port)) {
            String r = exchange("CONNECT " + target + " HTTP/1.1\r\n\r\n");
            assertTrue(target + ": " + r, r.startsWith("HTTP/1.1 403") && r.contains("private, loopback or link-local"));
        }
        assertEquals(0, proxy.allowedCount());
    }

    @Test
    public void hostsAndPortsOffTheListAreRefusedWithAMessageThatSaysWhatToDo() throws IOException {
        proxy.assign(new EgressPolicy(List.of("*.example.org"), Set.of(443), true), "test");
        String r = exchange("CONNECT 127.0.0.1:443 HTTP/1.1\r\n\r\n");
        assertTrue(r, r.contains("host '127.0.0.1' is not on the allow list") && r.contains("egressAllow"));
        r = exchange("CONNECT www.example.org:22 HTTP/1.1\r\n\r\n");
        assertTrue(r, r.contains("port 22 is not allowed"));
        r = exchange("GET ftp://x/ HTTP/1.1\r\n\r\n");
        assertTrue(r, r.startsWith("HTTP/1.1 400"));
    }

    @Test
    public void patternsMatchSubdomainsOnly() {
        EgressPolicy p = new EgressPolicy(List.of("*.github.com", "pypi.org"), Set.of(443), false);
        assertEquals(null, p.refusalOfName("api.github.com", 443));
        assertEquals(null, p.refusalOfName("PyPI.org", 443));
        assertFalse(p.refusalOfName("github.com.evil.net", 443) == null);
        assertFalse(p.refusalOfName("evilgithub.com", 443) == null);
        assertFalse(p.refusalOfName("pypi.org.evil.net", 443) == null);
    }
}
