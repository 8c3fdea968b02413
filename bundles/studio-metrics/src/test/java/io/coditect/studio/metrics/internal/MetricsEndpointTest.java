package io.coditect.studio.metrics.internal;

import static io.coditect.studio.metrics.internal.Fakes.config;
import static io.coditect.studio.metrics.internal.Fakes.pool;
import static io.coditect.studio.metrics.internal.PrometheusText.value;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.coditect.studio.api.Health;

/**
 * The DS component as the framework drives it (activate, modified, deactivate), its servlet in the
 * Jetty that Pax Web runs, called over real HTTP.
 */
public class MetricsEndpointTest {

    /** Makes a request look as if it came from the address in this header. */
    private static final String TEST_REMOTE = "X-Test-Remote-Addr";
    private static final String TOKEN = "tok-" + UUID.randomUUID();

    private final Fakes.Context bundle = new Fakes.Context();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<HttpResponse<String>> responses = Collections.synchronizedList(new ArrayList<>());
    private MetricsEndpoint endpoint;
    private Fakes.Sessions sessions;
    private Server server;
    private String url;

    @Before
    public void start() throws Exception {
        endpoint = new MetricsEndpoint();
        sessions = new Fakes.Sessions();
        sessions.pools.add(pool("process", null, 2, 3, 10, 4, 14, 1));
        endpoint.sessions = sessions.service();
        Fakes.Providers providers = new Fakes.Providers();
        providers.add("offline", Health.up());
        endpoint.providers = providers;
        endpoint.activate(bundle.context, config(""));

        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new FakeRemoteAddress()), "/*", EnumSet.of(DispatcherType.REQUEST));
        String pattern = (String) bundle.properties(0).get("osgi.http.whiteboard.servlet.pattern");
        context.addServlet(new ServletHolder((Servlet) bundle.service(0)), pattern);
        server.setHandler(context);
        server.start();
        url = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + pattern;
    }

    @After
    public void stop() throws Exception {
        server.stop();
        if (endpoint != null) {
            endpoint.deactivate();
        }
    }

    private HttpResponse<String> get(String... headers) throws IOException, InterruptedException {
        return send("GET", headers);
    }

    private HttpResponse<String> send(String method, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(response);
        return response;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertEquals(response.body(), status, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        String body = response.body();
        assertTrue(body, body.startsWith("{") && body.endsWith("}"));
        assertTrue(body, body.contains("\"type\":\"https://coditect.io/problems/" + type + "\""));
        assertTrue(body, body.contains("\"status\":" + status));
        assertTrue(body, body.contains("\"title\":\""));
        assertTrue(body, body.contains("\"detail\":\""));
    }

    @Test
    public void registersOnlyTheWhiteboardPropertiesAtSlashMetrics() {
        assertEquals(1, bundle.registered.size());
        assertEquals(Servlet.class, bundle.registered.get(0)[0]);
        Map<String, Object> properties = new java.util.HashMap<>();
        for (String key : Collections.list(bundle.properties(0).keys())) {
            properties.put(key, bundle.properties(0).get(key));
        }
        assertEquals(Map.of("osgi.http.whiteboard.servlet.pattern", "/metrics",
                "osgi.http.whiteboard.servlet.name", "studio-metrics",
                "osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=default)"), properties);
    }

    @Test
    public void loopbackClientsWithoutATokenGetThePrometheusText() throws Exception {
        HttpResponse<String> response = get();

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("content-type").orElse(""));
        assertEquals("no-store", response.headers().firstValue("cache-control").orElse(""));
        assertEquals(2.0, value(response.body(), "studio_sandbox_pool_idle", "driver", "process", "image", "default"),
                0);
        assertEquals(1.0, value(response.body(), "studio_plugin_up", "id", "offline", "kind", "provider"), 0);
        assertTrue(response.body(), response.body().contains("jvm_memory_used_bytes"));
    }

    @Test
    public void newPoolsAppearInTheNextScrape() throws Exception {
        assertNull(value(get().body(), "studio_sandbox_pool_idle", "driver", "docker", "image", "node:22"));

        sessions.pools.add(pool("docker", "node:22", 5, 5, 0, 0, 5, 0));

        assertEquals(5.0, value(get().body(), "studio_sandbox_pool_idle", "driver", "docker", "image", "node:22"), 0);
    }

    @Test
    public void servicesComeAndGoWithoutRestartingTheEndpoint() throws Exception {
        endpoint.sessions = null;
        assertFalse(get().body().contains("studio_sandbox_pool_idle"));

        endpoint.sessions = sessions.service();
        assertTrue(get().body().contains("studio_sandbox_pool_idle"));
        assertEquals(1, bundle.registered.size());
    }

    @Test
    public void otherMachinesAreForbiddenWithoutAToken() throws Exception {
        HttpResponse<String> response = get(TEST_REMOTE, "203.0.113.7");

        assertProblem(response, 403, "forbidden");
        assertFalse(response.body().contains("studio_"));
    }

    @Test
    public void aRequestThroughAProxyIsNotLocal() throws Exception {
        assertProblem(get("X-Forwarded-For", "203.0.113.7"), 403, "forbidden");
        assertProblem(get("Forwarded", "for=203.0.113.7"), 403, "forbidden");
    }

    @Test
    public void withATokenTheRightBearerTokenIsNeededFromEveryClient() throws Exception {
        endpoint.modified(config(TOKEN));

        HttpResponse<String> missing = get();
        assertProblem(missing, 401, "unauthorized");
        assertEquals("Bearer realm=\"studio-metrics\"", missing.headers().firstValue("www-authenticate").orElse(""));

        HttpResponse<String> wrong = get("Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1) + "0");
        assertProblem(wrong, 401, "unauthorized");
        assertTrue(wrong.headers().firstValue("www-authenticate").orElse("").contains("invalid_token"));

        assertProblem(get("Authorization", "Basic " + TOKEN), 401, "unauthorized");

        HttpResponse<String> right = get("Authorization", "Bearer " + TOKEN);
        assertEquals(200, right.statusCode());
        assertTrue(right.body().contains("studio_sandbox_pool_idle"));

        HttpResponse<String> remote = get("Authorization", "Bearer " + TOKEN, TEST_REMOTE, "203.0.113.7");
        assertEquals(200, remote.statusCode());

        // the configuration changed who may read, without registering the servlet again
        assertEquals(1, bundle.registered.size());
        endpoint.modified(config(""));
        assertEquals(200, get().statusCode());
    }

    @Test
    public void headAnswersWithoutABodyAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> head = send("HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        HttpResponse<String> post = send("POST");
        assertProblem(post, 405, "method-not-allowed");
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
    }

    @Test
    public void theTokenIsInNoResponseAndNoLogLine() throws Exception {
        endpoint.modified(config(TOKEN));
        get();
        get("Authorization", "Bearer " + TOKEN + "-wrong");
        get("Authorization", "Bearer " + TOKEN);
        get("Authorization", "Bearer " + TOKEN, TEST_REMOTE, "203.0.113.7");
        send("POST", "Authorization", "Bearer " + TOKEN);
        endpoint.modified(config("ENC(" + TOKEN + ")"));
        get("Authorization", "Bearer ENC(" + TOKEN + ")");
        endpoint.modified(config(""));
        get(TEST_REMOTE, "203.0.113.7");

        assertEquals(7, responses.size());
        for (HttpResponse<String> response : responses) {
            assertFalse(response.body(), response.body().contains(TOKEN));
            assertFalse(response.headers().toString(), response.headers().toString().contains(TOKEN));
        }
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test.log"));
        String text = Files.readString(log);
        assertTrue("the test log has the component's lines", text.contains("metrics at /metrics"));
        assertFalse("the token is in the test log", text.contains(TOKEN));
    }

    @Test
    public void deactivatingUnregistersTheServlet() {
        Object servlet = bundle.service(0);
        endpoint.deactivate();
        endpoint = null;
        assertEquals(List.of(servlet), bundle.unregistered);
    }

    /** Stands in for a client on another machine: the test cannot connect from a non-loopback address. */
    private static final class FakeRemoteAddress implements Filter {
        @Override
        public void init(FilterConfig config) {
            // nothing to set up
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            String remote = request.getHeader(TEST_REMOTE);
            chain.doFilter(remote == null ? request : new HttpServletRequestWrapper(request) {
                @Override
                public String getRemoteAddr() {
                    return remote;
                }
            }, res);
        }

        @Override
        public void destroy() {
            // nothing held
        }
    }
}
