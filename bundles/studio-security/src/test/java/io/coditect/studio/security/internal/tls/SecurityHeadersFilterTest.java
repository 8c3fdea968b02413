package io.coditect.studio.security.internal.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The filter in the Jetty that Pax Web runs, with an HTTP and an HTTPS connector like the studio's. */
public class SecurityHeadersFilterTest {

    private static final String HSTS = "max-age=31536000; includeSubDomains";

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static Path keystore;
    private static String password;
    private static HttpClient client;

    private Server server;
    private int httpPort;
    private int httpsPort;

    @BeforeClass
    public static void certificate() throws Exception {
        SelfSignedCertificate identity = SelfSignedCertificate.generate(SubjectNames.of(List.of("localhost", "127.0.0.1")),
                Duration.ofDays(1), Instant.now());
        keystore = tmp.getRoot().toPath().resolve("studio.p12");
        password = KeystoreFile.newPassword();
        new KeystoreFile(keystore).write(identity, password);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(Tls.clientTrusting(identity.certificate())).build();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    @Test
    public void httpsResponsesCarryHstsAndTheOtherHeaders() throws Exception {
        start(new SecurityHeadersFilter(31_536_000L, true, () -> OptionalInt.of(httpsPort)));

        HttpResponse<String> response = get("https://localhost:" + httpsPort + "/api/v1/health");

        assertEquals(200, response.statusCode());
        assertEquals(List.of(HSTS), response.headers().allValues("strict-transport-security"));
        assertEquals(List.of("nosniff"), response.headers().allValues("x-content-type-options"));
        assertEquals(List.of("no-referrer"), response.headers().allValues("referrer-policy"));
    }

    @Test
    public void httpResponsesCarryNoHsts() throws Exception {
        start(new SecurityHeadersFilter(31_536_000L, true, () -> OptionalInt.of(httpsPort)));

        HttpResponse<String> response = get("http://127.0.0.1:" + httpPort + "/");

        assertEquals(200, response.statusCode());
        assertEquals(List.of(), response.headers().allValues("strict-transport-security"));
        assertEquals(List.of("nosniff"), response.headers().allValues("x-content-type-options"));
        assertEquals(List.of("no-referrer"), response.headers().allValues("referrer-policy"));
    }

    @Test
    public void everyCookieSetOverHttpsIsSecure() throws Exception {
        start(new SecurityHeadersFilter(31_536_000L, true, () -> OptionalInt.of(httpsPort)));

        List<String> cookies = get("https://localhost:" + httpsPort + "/").headers().allValues("set-cookie");

        assertEquals(cookies.toString(), 4, cookies.size());
        for (String cookie : cookies) {
            assertEquals(cookie, 1, count(cookie.toLowerCase(), "; secure"));
        }
        assertTrue(cookies.toString(), cookies.contains("header=2; Path=/; HttpOnly; Secure"));
        assertTrue(cookies.toString(), cookies.contains("replaced=4; Secure"));
        assertTrue(cookies.toString(), cookies.contains("already=3; Secure; HttpOnly"));
    }

    @Test
    public void cookiesSetOverHttpStayAsTheyAre() throws Exception {
        start(new SecurityHeadersFilter(31_536_000L, true, () -> OptionalInt.of(httpsPort)));

        List<String> cookies = get("http://127.0.0.1:" + httpPort + "/").headers().allValues("set-cookie");

        assertTrue(cookies.toString(), cookies.contains("header=2; Path=/; HttpOnly"));
        assertTrue(cookies.toString(), cookies.contains("already=3; Secure; HttpOnly"));
        assertFalse(cookies.toString(), cookies.stream().anyMatch(c -> c.startsWith("api=") && c.contains("Secure")));
    }

    @Test
    public void plainHttpFromAnotherMachineIsSentToHttps() throws Exception {
        start(new SecurityHeadersFilter(31_536_000L, true, () -> OptionalInt.of(httpsPort)));

        HttpResponse<String> response = get("http://127.0.0.1:" + httpPort + "/remote/api/v1/sessions?page=2");

        assertEquals(307, response.statusCode());
        assertEquals("https://127.0.0.1:" + httpsPort + "/remote/api/v1/sessions?page=2",
                response.headers().firstValue("location").orElseThrow());
        assertEquals(List.of(), response.headers().allValues("strict-transport-security"));
        assertEquals(List.of(), response.headers().allValues("set-cookie"));
    }

    @Test
    public void plainHttpFromAnotherMachineIsServedWhenHttpsIsOffOrTheRedirectIsTurnedOff() throws Exception {
        start(new SecurityHeadersFilter(31_536_000L, true, OptionalInt::empty));
        assertEquals(200, get("http://127.0.0.1:" + httpPort + "/remote/").statusCode());
        server.stop();

        start(new SecurityHeadersFilter(31_536_000L, false, () -> OptionalInt.of(httpsPort)));
        assertEquals(200, get("http://127.0.0.1:" + httpPort + "/remote/").statusCode());
    }

    @Test
    public void maxAgeFollowsTheConfiguration() throws Exception {
        start(new SecurityHeadersFilter(0, true, () -> OptionalInt.of(httpsPort)));

        HttpResponse<String> response = get("https://127.0.0.1:" + httpsPort + "/");

        assertEquals("max-age=0; includeSubDomains", response.headers().firstValue("strict-transport-security").orElseThrow());
    }

    private void start(Filter filter) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(http));
        plain.setHost("127.0.0.1");
        plain.setPort(httpPort);
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toString());
        ssl.setKeyStoreType(KeystoreFile.TYPE);
        ssl.setKeyStorePassword(password);
        ServerConnector secure = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        secure.setHost("127.0.0.1");
        secure.setPort(httpsPort);
        server.addConnector(plain);
        server.addConnector(secure);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new AnotherMachine()), "/remote/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new CookieServlet()), "/*");
        server.setHandler(context);
        server.start();
        httpPort = plain.getLocalPort();
        httpsPort = secure.getLocalPort();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Sets cookies every way a servlet can. */
    private static final class CookieServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.addHeader("Set-Cookie", "dropped=0");
            // replaces the one before
            resp.setHeader("Set-Cookie", "replaced=4");
            resp.addCookie(new Cookie("api", "1"));
            resp.addHeader("Set-Cookie", "header=2; Path=/; HttpOnly");
            resp.addHeader("Set-Cookie", "already=3; Secure; HttpOnly");
            resp.setContentType("text/plain");
            resp.getWriter().write("ok");
        }
    }

    /** A request that came from 192.0.2.10 (TEST-NET-1) rather than this machine. */
    private static final class AnotherMachine implements Filter {
        @Override
        public void init(FilterConfig config) {
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public String getRemoteAddr() {
                    return "192.0.2.10";
                }
            }, response);
        }

        @Override
        public void destroy() {
        }
    }
}
