package io.coditect.studio.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the Prometheus text exposition, for the clients {@link MetricsAccess} lets
 * in; refusals are RFC 7807 problem documents. Never writes or logs the token.
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_BASE = "https://coditect.io/problems/";

    private final transient Supplier<byte[]> scrape;
    private transient volatile MetricsAccess access;

    MetricsServlet(Supplier<byte[]> scrape, MetricsAccess access) {
        this.scrape = scrape;
        this.access = access;
    }

    /** Takes a new configuration without registering the servlet again. */
    void access(MetricsAccess access) {
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        MetricsAccess.Verdict verdict = access.check(req.getHeader("Authorization"), req.getRemoteAddr(),
                proxied(req));
        switch (verdict) {
            case ALLOW -> serve(req, resp);
            case MISSING_TOKEN -> {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"studio-metrics\"");
                problem(resp, 401, "unauthorized", "Unauthorized",
                        "The metrics need a bearer token: send 'Authorization: Bearer <token>' with the token"
                                + " configured in io.coditect.studio.metrics.");
            }
            case WRONG_TOKEN -> {
                LOG.debug("metrics refused to {}: wrong bearer token", req.getRemoteAddr());
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"studio-metrics\", error=\"invalid_token\"");
                problem(resp, 401, "unauthorized", "Unauthorized",
                        "The bearer token is not the metrics token configured in io.coditect.studio.metrics.");
            }
            case NOT_LOCAL -> {
                LOG.debug("metrics refused to {}: not on this machine and no token configured", req.getRemoteAddr());
                problem(resp, 403, "forbidden", "Forbidden",
                        "Without a token the metrics are served to this machine only. Configure 'token' in"
                                + " io.coditect.studio.metrics and send it as a bearer token to scrape from elsewhere.");
            }
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean head = "HEAD".equals(req.getMethod());
        if (!head && !"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET, HEAD");
            problem(resp, 405, "method-not-allowed", "Method Not Allowed", "The metrics are read with GET.");
            return;
        }
        byte[] body;
        try {
            body = scrape.get();
        } catch (RuntimeException e) {
            LOG.warn("metrics could not be written", e);
            problem(resp, 500, "internal", "Internal Server Error",
                    "The metrics could not be written; the studio's log says why.");
            return;
        }
        resp.setStatus(200);
        resp.setContentType(StudioMetrics.CONTENT_TYPE);
        resp.setContentLength(body.length);
        if (!head) {
            resp.getOutputStream().write(body);
        }
    }

    static boolean proxied(HttpServletRequest req) {
        for (String header : MetricsAccess.PROXY_HEADERS) {
            if (req.getHeader(header) != null) {
                return true;
            }
        }
        return false;
    }

    /** Writes a problem document; every text in it is a constant of this class. */
    private static void problem(HttpServletResponse resp, int status, String kind, String title, String detail)
            throws IOException {
        byte[] json = ("{\"type\":\"" + TYPE_BASE + kind + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(PROBLEM_JSON);
        resp.setContentLength(json.length);
        resp.getOutputStream().write(json);
    }
}
