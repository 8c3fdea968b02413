package io.coditect.studio.ws.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which browser pages may open a socket (against cross-site WebSocket hijacking: a browser sends the
 * user's cookies and the page's Origin with every handshake). Same-origin pages (the Origin's host and
 * port equal the Host header) and the configured origins are allowed. A handshake without an Origin
 * comes from no browser (a CLI, a server) and is allowed: it has to present its token itself.
 */
final class OriginPolicy {

    private final Set<String> allowed;

    private OriginPolicy(Set<String> allowed) {
        this.allowed = allowed;
    }

    static OriginPolicy of(String... allowedOrigins) {
        return new OriginPolicy(allowedOrigins == null ? Set.of()
                : Stream.of(allowedOrigins).filter(o -> o != null && !o.isBlank()).map(OriginPolicy::normalise)
                        .collect(Collectors.toUnmodifiableSet()));
    }

    boolean allows(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        String o = normalise(origin);
        if (allowed.contains(o)) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(o);
        } catch (java.net.URISyntaxException e) {
            return false; // "null" (a sandboxed page or a file) and garbage
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        int originPort = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
        if (originPort < 0) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        String hostName;
        int hostPort;
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) { // a port, not a colon inside an IPv6 literal
            hostName = host.substring(0, colon);
            try {
                hostPort = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        } else {
            hostName = host;
            hostPort = originPort; // no port: the default of the scheme the page was loaded with
        }
        return hostName.equals(uri.getHost().toLowerCase(Locale.ROOT)) && hostPort == originPort;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
