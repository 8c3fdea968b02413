package io.coditect.studio.webui.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class WebUiServletTest {

    private static Path root;
    private static URLClassLoader loader;
    private static WebUiServlet servlet;
    private static final String INDEX = "<!doctype html><meta name=\"csp-nonce\" content=\"__CSP_NONCE__\">"
            + "<script type=\"module\" src=\"/assets/index-AbC123.js\"></script>";
    private static final String SCRIPT = "console.log('studio');\n".repeat(200);

    @BeforeClass
    public static void build() throws IOException {
        root = Files.createTempDirectory("webui-test");
        Path web = Files.createDirectories(root.resolve("webui/assets"));
        Files.writeString(root.resolve("webui/index.html"), INDEX);
        Files.writeString(web.resolve("index-AbC123.js"), SCRIPT);
        Files.writeString(root.resolve("webui/favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.writeString(root.resolve("secret.txt"), "outside the folder");
        loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
        servlet = new WebUiServlet(loader, "webui");
    }

    @AfterClass
    public static void close() throws IOException {
        loader.close();
    }

    /** A request with a path and headers, and the response it got. */
    static final class Exchange {
        final Map<String, String> requestHeaders = new HashMap<>();
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;
        String contentType;

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private static Exchange get(String path, String... headers) throws IOException {
        Exchange x = new Exchange();
        for (int i = 0; i < headers.length; i += 2) {
            x.requestHeaders.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(WebUiServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getPathInfo" -> path;
                    case "getMethod" -> "GET";
                    case "getHeader" -> x.requestHeaders.get(((String) a[0]).toLowerCase());
                    default -> null;
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                x.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        PrintWriter writer = new PrintWriter(x.body, true, StandardCharsets.UTF_8);
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(
                WebUiServletTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "setHeader" -> x.headers.put((String) a[0], (String) a[1]);
                        case "setStatus" -> x.status = (Integer) a[0];
                        case "setContentType" -> x.contentType = (String) a[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "getWriter" -> {
                            return writer;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.doGet(req, resp);
        writer.flush();
        return x;
    }

    private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'");

    @Test
    public void rootIsTheIndexWithAFreshNonceAndAStrictPolicy() throws IOException {
        Exchange a = get("/", "Host", "studio.example:8181");
        Exchange b = get("/", "Host", "studio.example:8181");
        assertEquals(200, a.status);
        assertEquals("text/html; charset=utf-8", a.contentType);
        assertEquals("no-cache", a.headers.get("Cache-Control"));
        String csp = a.headers.get("Content-Security-Policy");
        Matcher m = NONCE.matcher(csp);
        assertTrue(csp, m.find());
        String nonce = m.group(1);
        assertTrue(a.text().contains("content=\"" + nonce + "\""));
        assertFalse(a.text().contains(WebUiServlet.NONCE_PLACEHOLDER));
        assertNotEquals("every load gets its own nonce", a.headers.get("Content-Security-Policy"),
                b.headers.get("Content-Security-Policy"));
        assertTrue(csp.contains("default-src 'self'"));
        assertTrue(csp.contains("script-src 'self';"));
        assertFalse(csp, csp.contains("unsafe-inline"));
        assertFalse(csp, csp.contains("unsafe-eval"));
        assertTrue(csp, csp.contains("connect-src 'self' ws://studio.example:8181 wss://studio.example:8181;"));
        assertTrue(csp.contains("frame-ancestors 'none'"));
        assertEquals("nosniff", a.headers.get("X-Content-Type-Options"));
        assertEquals("no-referrer", a.headers.get("Referrer-Policy"));
    }

    @Test
    public void aHostHeaderCannotInjectIntoThePolicy() throws IOException {
        String csp = get("/", "Host", "evil; script-src *").headers.get("Content-Security-Policy");
        assertTrue(csp, csp.contains("connect-src 'self';"));
        assertFalse(csp, csp.contains("evil"));
    }

    @Test
    public void hashedAssetsAreImmutableAndCompressed() throws IOException {
        Exchange x = get("/assets/index-AbC123.js", "Accept-Encoding", "gzip, br");
        assertEquals(200, x.status);
        assertEquals(WebUiServlet.IMMUTABLE, x.headers.get("Cache-Control"));
        assertEquals("text/javascript; charset=utf-8", x.contentType);
        assertEquals("gzip", x.headers.get("Content-Encoding"));
        assertEquals("Accept-Encoding", x.headers.get("Vary"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(x.body.toByteArray()))) {
            assertEquals(SCRIPT, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Exchange plain = get("/assets/index-AbC123.js");
        assertNull(plain.headers.get("Content-Encoding"));
        assertEquals(SCRIPT, plain.text());
    }

    @Test
    public void anUnchangedFileAnswersNotModified() throws IOException {
        Exchange first = get("/favicon.svg");
        assertEquals("no-cache", first.headers.get("Cache-Control"));
        String etag = first.headers.get("ETag");
        assertNotNull(etag);
        Exchange again = get("/favicon.svg", "If-None-Match", etag);
        assertEquals(304, again.status);
        assertEquals(0, again.body.size());
    }

    @Test
    public void clientRoutesFallBackToTheIndex() throws IOException {
        Exchange x = get("/orgs/acme/projects/web/sessions/1234", "Accept", "text/html,application/xhtml+xml");
        assertEquals(200, x.status);
        assertEquals("no-cache", x.headers.get("Cache-Control"));
        assertTrue(x.text().contains("/assets/index-AbC123.js"));
        // an id with a dot is still a route
        assertEquals(200, get("/orgs/acme.inc", "Accept", "text/html").status);
    }

    @Test
    public void missingFilesAndOtherServletsPathsAreNotThePage() throws IOException {
        assertEquals(404, get("/assets/index-Gone.js", "Accept", "text/html").status);
        assertEquals(404, get("/api/v1/nothing", "Accept", "text/html").status);
        assertEquals(404, get("/ws", "Accept", "text/html").status);
        assertEquals(404, get("/metrics", "Accept", "text/html").status);
        Exchange script = get("/orgs/acme", "Accept", "application/json");
        assertEquals(404, script.status);
        assertEquals("application/problem+json", script.contentType);
    }

    @Test
    public void nothingOutsideTheFolderIsReachable() throws IOException {
        assertEquals(404, get("/../secret.txt").status);
        assertEquals(404, get("/assets/..%2f..%2fsecret.txt").status);
        assertEquals(404, get("//secret.txt").status);
        assertEquals(404, get("/assets\\..\\..\\secret.txt").status);
        assertEquals("nosniff", get("/../secret.txt").headers.get("X-Content-Type-Options"));
    }

    @Test
    public void withoutABuiltUiThePageSaysSo() throws IOException {
        WebUiServlet empty = new WebUiServlet(loader, "nothing-here");
        WebUiServlet saved = servlet;
        servlet = empty;
        try {
            Exchange x = get("/");
            assertEquals(503, x.status);
            assertTrue(x.text().contains("webui.skip"));
        } finally {
            servlet = saved;
        }
    }
}
