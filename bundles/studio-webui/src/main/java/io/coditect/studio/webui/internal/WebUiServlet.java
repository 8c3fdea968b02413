package io.coditect.studio.webui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the studio's static files: {@code /} is {@code index.html}, nothing outside the folder is
 * reachable, and every answer carries a strict Content-Security-Policy.
 */
final class WebUiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "json", "application/json", "ico", "image/x-icon");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final transient ClassLoader loader;
    private final String folder;

    WebUiServlet(ClassLoader loader, String folder) {
        this.loader = loader;
        this.folder = folder;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null || req.getPathInfo().equals("/") ? "/index.html" : req.getPathInfo();
        String ext = path.substring(path.lastIndexOf('.') + 1);
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (path.contains("..") || path.contains("//") || !TYPES.containsKey(ext)) {
            notFound(resp);
            return;
        }
        try (InputStream in = loader.getResourceAsStream(folder + path)) {
            if (in == null) {
                notFound(resp);
                return;
            }
            resp.setContentType(TYPES.get(ext));
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }

    private static void notFound(HttpServletResponse resp) throws IOException {
        resp.setStatus(404);
        resp.setContentType("application/problem+json");
        resp.getWriter().write("{\"type\":\"https://coditect.io/problems/not-found\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"There is no such page in the studio.\"}");
    }
}
