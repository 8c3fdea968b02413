package io.coditect.studio.ws.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.websocket.api.WebSocketPolicy;
import org.eclipse.jetty.websocket.server.WebSocketServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.StoreException;

/**
 * {@code GET /ws?org=<org>&session=<id>&after=<lastSeq>} with a WebSocket upgrade. Everything is
 * checked before the upgrade, and a refusal is an RFC 7807 problem document: the Origin (403), the
 * token (401, or 429 when throttled), then read access to the session by subscribing to it (404 for
 * another organisation's session, 403, 400).
 *
 * <p>The token comes from {@code Authorization: Bearer <token>} or, for browsers (which cannot set
 * headers on a WebSocket), from the subprotocols: the page offers {@code ["bearer", "bearer.<token>"]}
 * and the server selects {@code bearer}, so the token is never echoed back. A token in the URL is
 * refused (400): URLs end up in logs.
 *
 * <p>Uses Jetty 9.4's own WebSocket server ({@link WebSocketServerFactory}) directly rather than
 * extending {@code WebSocketServlet}, whose factory loader looks the implementation up through the
 * thread context class loader; the factory is started on the first request, inside Jetty's context.
 */
final class EventSocketServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventSocketServlet.class);

    static final String PROBLEM_JSON = "application/problem+json";
    static final String SUBPROTOCOL = "bearer";
    private static final String TOKEN_PREFIX = "bearer.";
    private static final String TYPE_BASE = "https://coditect.io/problems/";
    private static final String SOCKET = EventSocket.class.getName();
    static final String[] COMPRESSION_EXTENSIONS = {"permessage-deflate", "deflate-frame", "x-webkit-deflate-frame"};

    private final transient SessionEvents events;
    private final transient ChatService chat;
    private final transient Authenticator authenticator;
    private final transient OpenSockets sockets;
    private transient volatile OriginPolicy origins;
    private transient WebSocketServerFactory factory;

    EventSocketServlet(SessionEvents events, ChatService chat, Authenticator authenticator, OpenSockets sockets,
            OriginPolicy origins) {
        this.events = events;
        this.chat = chat;
        this.authenticator = authenticator;
        this.sockets = sockets;
        this.origins = origins;
    }

    void origins(OriginPolicy origins) {
        this.origins = origins;
    }

    private synchronized WebSocketServerFactory factory() throws ServletException {
        if (factory == null) {
            WebSocketPolicy policy = WebSocketPolicy.newServerPolicy();
            policy.setMaxTextMessageSize(16 * 1024);
            policy.setMaxBinaryMessageSize(1024);
            WebSocketServerFactory f = new WebSocketServerFactory(getServletContext(), policy);
            // Every socket of a session gets the same small frames: compressing them per socket costs
            // a deflater (about 300 KB of native memory) per browser and CPU per frame per watcher
            for (String deflate : COMPRESSION_EXTENSIONS) {
                f.getExtensionFactory().unregister(deflate);
            }
            f.setCreator((req, resp) -> {
                Object socket = req.getHttpServletRequest().getAttribute(SOCKET);
                if (socket != null && req.getSubProtocols().contains(SUBPROTOCOL)) {
                    resp.setAcceptedSubProtocol(SUBPROTOCOL);
                }
                return socket;
            });
            try {
                f.start();
            } catch (Exception e) {
                throw new ServletException("the WebSocket server could not start", e);
            }
            factory = f;
        }
        return factory;
    }

    @Override
    public synchronized void destroy() {
        if (factory != null) {
            try {
                factory.stop();
            } catch (Exception e) {
                LOG.debug("the WebSocket server did not stop cleanly", e);
            }
            factory = null;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setHeader("Cache-Control", "no-store");
        WebSocketServerFactory f = factory();
        if (!"GET".equals(req.getMethod()) || !f.isUpgradeRequest(req, resp)) {
            if (!resp.isCommitted()) {
                problem(resp, 400, "bad-request", "Bad Request", "/ws is a WebSocket: open it with"
                        + " new WebSocket(\"wss://<host>/ws?org=<org>&session=<session>&after=<last seq>\","
                        + " [\"bearer\", \"bearer.<token>\"])");
            }
            return;
        }
        if (!origins.allows(req.getHeader("Origin"), req.getHeader("Host"))) {
            LOG.debug("event socket refused to {}: origin {} not allowed", req.getRemoteAddr(), req.getHeader("Origin"));
            problem(resp, 403, "forbidden", "Forbidden", "This page's origin may not open the studio's event socket."
                    + " Add it to 'allowedOrigins' in " + WsConfig.PID + " if it should.");
            return;
        }
        if (req.getParameter("token") != null || req.getParameter("access_token") != null) {
            problem(resp, 400, "bad-request", "Bad Request", "The token is never taken from the URL (URLs are logged):"
                    + " send it as 'Authorization: Bearer <token>' or as the subprotocols [\"bearer\", \"bearer.<token>\"].");
            return;
        }
        String token = token(req);
        Caller caller;
        try {
            if (token == null) {
                throw new AuthenticationException(AuthenticationException.Reason.MISSING,
                        "Log in: send the token as 'Authorization: Bearer <token>' or as the subprotocols"
                                + " [\"bearer\", \"bearer.<token>\"].");
            }
            caller = authenticator.authenticate(token, req.getRemoteAddr());
        } catch (AuthenticationException e) {
            if (e.reason() == AuthenticationException.Reason.THROTTLED) {
                if (e.retryAfter() != null) {
                    resp.setHeader("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
                }
                problem(resp, 429, "throttled", "Too Many Requests", e.getMessage());
            } else {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"studio\"");
                problem(resp, 401, "unauthorized", "Unauthorized", e.getMessage());
            }
            return;
        }
        String org = req.getParameter("org");
        String session = req.getParameter("session");
        if (org == null || org.isBlank() || session == null || session.isBlank()) {
            problem(resp, 400, "bad-request", "Bad Request", "Name the session: /ws?org=<org>&session=<session>");
            return;
        }
        long after;
        try {
            String a = req.getParameter("after");
            after = a == null || a.isBlank() ? 0 : Long.parseLong(a.strip());
        } catch (NumberFormatException e) {
            problem(resp, 400, "bad-request", "Bad Request", "'after' must be the seq of the last event received");
            return;
        }
        EventSocket socket = new EventSocket(events, chat, sockets, caller, token, req.getRemoteAddr(), org, session, after);
        try {
            socket.subscribe(after);
        } catch (StoreException e) {
            switch (e.kind()) {
                case NOT_FOUND -> problem(resp, 404, "not-found", "Not Found", e.getMessage());
                case INVALID -> problem(resp, 400, "bad-request", "Bad Request", e.getMessage());
                case CONFLICT -> problem(resp, 409, "conflict", "Conflict", e.getMessage());
                default -> problem(resp, 503, "unavailable", "Service Unavailable", e.getMessage());
            }
            return;
        } catch (AccessDeniedException e) {
            problem(resp, 403, "forbidden", "Forbidden", e.getMessage());
            return;
        }
        req.setAttribute(SOCKET, socket);
        boolean upgraded = false;
        try {
            upgraded = f.acceptWebSocket(req, resp);
        } finally {
            req.removeAttribute(SOCKET);
            if (!upgraded) {
                socket.closeSubscription();
            }
        }
    }

    /** The bearer token from the Authorization header, else from the {@code bearer.<token>} subprotocol. */
    static String token(HttpServletRequest req) {
        String authorization = req.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank()) {
            return authorization.substring(7).strip();
        }
        for (String header : Collections.list(req.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String p : header.split(",")) {
                String protocol = p.strip();
                if (protocol.length() > TOKEN_PREFIX.length()
                        && protocol.toLowerCase(Locale.ROOT).startsWith(TOKEN_PREFIX)) {
                    return protocol.substring(TOKEN_PREFIX.length());
                }
            }
        }
        return null;
    }

    private static void problem(HttpServletResponse resp, int status, String type, String title, String detail)
            throws IOException {
        resp.setStatus(status);
        resp.setContentType(PROBLEM_JSON);
        resp.setCharacterEncoding("UTF-8");
        byte[] body = EventSocket.JSON.writeValueAsString(Map.of("type", TYPE_BASE + type, "title", title,
                "status", status, "detail", detail == null ? title : detail)).getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

}
