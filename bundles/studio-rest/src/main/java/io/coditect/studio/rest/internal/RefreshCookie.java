package io.coditect.studio.rest.internal;

import java.time.Duration;
import java.time.Instant;

import javax.ws.rs.core.Response;

/**
 * The refresh token for browsers: an HttpOnly cookie only the auth endpoints receive, so scripts in
 * the page never see it. {@code Secure} on HTTPS; {@code SameSite=Strict} against cross-site use.
 */
final class RefreshCookie {

    static final String NAME = "studio_refresh";
    private static final String PATH = "/api/v1/auth";

    private RefreshCookie() {
    }

    static Response.ResponseBuilder set(Response.ResponseBuilder response, String token, Instant expiresAt,
            boolean secure) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        return response.header("Set-Cookie", NAME + "=" + token + "; Path=" + PATH + "; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    }

    static Response.ResponseBuilder clear(Response.ResponseBuilder response, boolean secure) {
        return response.header("Set-Cookie", NAME + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
    }
}
