package io.coditect.studio.webui.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the browser studio, the Vite build of {@code webui/} packed into the bundle's
 * {@code /webui} folder.
 * <ul>
 * <li>{@code /assets/*} carry a content hash in their names: cached for a year as immutable.</li>
 * <li>{@code index.html} (at {@code /} and for every client route, i.e. any other page a browser
 * asks for as HTML) is never reused without revalidation ({@code no-cache}) and gets a fresh
 * Content-Security-Policy nonce on every load, for the style elements that the editor and the
 * terminal create; the policy allows no inline script and no inline style.</li>
 * <li>Other files (the favicon) are revalidated with their ETag.</li>
 * <li>Nothing outside the folder is reachable; {@code /api}, {@code /ws} and {@code /metrics}
 * never fall back to the page.</li>
 * </ul>
 */
final class WebUiServlet extends HttpServlet {

    private static final long serialVersionUID = 2L;

    static final String NONCE_PLACEHOLDER = "__CSP_NONCE__";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"),
            Map.entry("json", "application/json"), Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("woff2", "font/woff2"), Map.entry("woff", "font/woff"), Map.entry("ttf", "font/ttf"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("wasm", "application/wasm"));
    private static final List<String> COMPRESSIBLE = List.of("html", "js", "mjs", "css", "svg", "json", "txt",
            "webmanifest", "ttf");
    /** Paths of other servlets: a miss there is a 404, never the studio page. */
    private static final List<String> NOT_PAGES = List.of("/api", "/ws", "/metrics", "/assets/");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    /** A file of the build, read once. */
    private record Asset(byte[] bytes, byte[] gzip, String type, String etag) {
    }

    private final transient ClassLoader loader;
    private final String folder;
    private final transient ConcurrentMap<String, Asset> cache = new ConcurrentHashMap<>();
    private final transient SecureRandom random = new SecureRandom();

    WebUiServlet(ClassLoader loader, String folder) {
        this.loader = loader;
        this.folder = folder;
    }

    /**
     * The policy of the studio's pages: scripts and styles only from the studio (styles also from
     * elements carrying this response's nonce), connections only to the studio itself, including
     * its WebSocket on the same host.
     */
    static String contentSecurityPolicy(String nonce, String host) {
        String ws = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'" + (nonce == null ? "" : " 'nonce-" + nonce + "'")
                + "; img-src 'self' data:; font-src 'self' data:; connect-src 'self'" + ws
                + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null || req.getPathInfo().isEmpty() ? "/" : req.getPathInfo();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        resp.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        if (!safe(path)) {
            resp.setHeader("Content-Security-Policy", contentSecurityPolicy(null, null));
            notFound(resp, "There is no such page in the studio.");
            return;
        }
        if (path.equals("/") || path.equals("/index.html")) {
            page(req, resp);
            return;
        }
        resp.setHeader("Content-Security-Policy", contentSecurityPolicy(null, req.getHeader("Host")));
        String ext = extension(path);
        Asset asset = TYPES.containsKey(ext) ? load(path, ext) : null;
        if (asset != null) {
            boolean hashed = path.startsWith("/assets/");
            serve(req, resp, asset, hashed ? IMMUTABLE : "no-cache");
            return;
        }
        if (NOT_PAGES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"))
                || !wantsHtml(req)) {
            notFound(resp, "There is no such file in the studio.");
            return;
        }
        page(req, resp); // a client route: the page routes it
    }

    /** index.html with a fresh nonce in the page and in the policy. */
    private void page(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Asset index = load("/index.html", "html");
        if (index == null) {
            resp.setHeader("Content-Security-Policy", contentSecurityPolicy(null, null));
            resp.setStatus(503);
            resp.setContentType("application/problem+json");
            resp.setHeader("Cache-Control", "no-store");
            resp.getWriter().write("{\"type\":\"https://coditect.io/problems/unavailable\",\"title\":\"Service Unavailable\","
                    + "\"status\":503,\"detail\":\"This studio-webui bundle was built without the web UI "
                    + "(-Dwebui.skip); build it again with node and npm on the PATH.\"}");
            return;
        }
        byte[] nonceBytes = new byte[18];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        byte[] body = new String(index.bytes(), StandardCharsets.UTF_8).replace(NONCE_PLACEHOLDER, nonce)
                .getBytes(StandardCharsets.UTF_8);
        resp.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, req.getHeader("Host")));
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentType(TYPES.get("html"));
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void serve(HttpServletRequest req, HttpServletResponse resp, Asset asset, String cacheControl)
            throws IOException {
        resp.setHeader("Cache-Control", cacheControl);
        resp.setHeader("ETag", asset.etag());
        if (asset.gzip() != null) {
            resp.setHeader("Vary", "Accept-Encoding");
        }
        String match = req.getHeader("If-None-Match");
        if (match != null && (match.equals(asset.etag()) || match.equals("W/" + asset.etag()))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType(asset.type());
        String accept = req.getHeader("Accept-Encoding");
        byte[] body = asset.bytes();
        if (asset.gzip() != null && accept != null && accept.toLowerCase().contains("gzip")) {
            resp.setHeader("Content-Encoding", "gzip");
            body = asset.gzip();
        }
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private Asset load(String path, String ext) throws IOException {
        Asset cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(folder + path)) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        }
        byte[] gzip = null;
        if (COMPRESSIBLE.contains(ext) && bytes.length > 1024) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(bytes);
            }
            gzip = out.size() < bytes.length ? out.toByteArray() : null;
        }
        Asset asset = new Asset(bytes, gzip, TYPES.get(ext), etag(bytes));
        Asset raced = cache.putIfAbsent(path, asset);
        return raced == null ? asset : raced;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static boolean safe(String path) {
        return path.startsWith("/") && !path.contains("..") && !path.contains("//") && !path.contains("\\")
                && !path.contains("\0") && !path.contains("%") && !path.contains(":");
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase();
    }

    private static boolean wantsHtml(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase().contains("text/html");
    }

    private static void notFound(HttpServletResponse resp, String detail) throws IOException {
        resp.setStatus(404);
        resp.setContentType("application/problem+json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write("{\"type\":\"https://coditect.io/problems/not-found\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"" + detail + "\"}");
    }
}
