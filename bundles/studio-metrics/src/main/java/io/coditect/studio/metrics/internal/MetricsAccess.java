package io.coditect.studio.metrics.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may read {@code /metrics}.
 *
 * <ul>
 * <li>A token is configured: every request must carry {@code Authorization: Bearer <token>}, from
 * this machine or another; otherwise 401.</li>
 * <li>No token: only clients on this machine (a loopback address, and no proxy header saying the
 * request came from elsewhere) are served; others get 403. A Prometheus on the same host, or
 * reached through an SSH tunnel, works with no secret to manage, and nothing is exposed to the
 * network until an operator chooses a token.</li>
 * <li>A token that is still sealed ({@code ENC(...)}: the studio could not open it) refuses
 * everybody with 401, rather than accepting the sealed text as the token.</li>
 * </ul>
 *
 * <p>The token is kept only as its SHA-256 digest, and a presented token is compared by digest with
 * {@link MessageDigest#isEqual}, whose time depends neither on where the two differ nor on the
 * presented token's length.
 */
final class MetricsAccess {

    enum Verdict {
        ALLOW,
        /** 401: no bearer token presented. */
        MISSING_TOKEN,
        /** 401: a bearer token that is not the configured one. */
        WRONG_TOKEN,
        /** 403: no token configured and the client is not on this machine. */
        NOT_LOCAL
    }

    /** Headers a reverse proxy adds; a request that carries one came from elsewhere through the proxy. */
    static final String[] PROXY_HEADERS = {"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"};

    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+) *");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.%]*:[0-9a-zA-Z:.%]*");

    private final byte[] tokenDigest;
    private final boolean sealed;

    private MetricsAccess(byte[] tokenDigest, boolean sealed) {
        this.tokenDigest = tokenDigest;
        this.sealed = sealed;
    }

    /** @param token the configured token; null or blank for "loopback clients only" */
    static MetricsAccess of(String token) {
        String trimmed = token == null ? "" : token.strip();
        if (trimmed.isEmpty()) {
            return new MetricsAccess(null, false);
        }
        return new MetricsAccess(digest(trimmed), isSealed(trimmed));
    }

    boolean tokenRequired() {
        return tokenDigest != null;
    }

    boolean sealed() {
        return sealed;
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param remoteAddress the client's address as the servlet container gives it
     * @param proxied       whether the request carries a reverse proxy's forwarding header
     */
    Verdict check(String authorization, String remoteAddress, boolean proxied) {
        if (tokenDigest == null) {
            return !proxied && isLoopback(remoteAddress) ? Verdict.ALLOW : Verdict.NOT_LOCAL;
        }
        String presented = bearer(authorization);
        if (presented == null) {
            return Verdict.MISSING_TOKEN;
        }
        boolean equal = constantTimeEquals(digest(presented), tokenDigest);
        return equal && !sealed ? Verdict.ALLOW : Verdict.WRONG_TOKEN;
    }

    /** The token of a {@code Bearer} authorization, or null when there is none. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        var matcher = BEARER.matcher(authorization.strip());
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** Compares two digests in time that depends only on their (fixed) length. */
    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** SHA-256 of the UTF-8 text: 32 bytes whatever its length, so comparisons take the same time. */
    static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static boolean isSealed(String value) {
        return value.toUpperCase(Locale.ROOT).startsWith("ENC(") && value.endsWith(")");
    }

    /** Whether a remote address is a loopback address; only IP literals count, none is looked up. */
    static boolean isLoopback(String remoteAddress) {
        String address = remoteAddress == null ? "" : remoteAddress.replace("[", "").replace("]", "");
        if (address.isEmpty() || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
