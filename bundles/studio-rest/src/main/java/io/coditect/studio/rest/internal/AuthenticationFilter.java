package io.coditect.studio.rest.internal;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.HttpHeaders;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Authenticator;

/**
 * Resolves the caller of a protected method from {@code Authorization: Bearer <token or API key>}
 * and keeps it for the request; without a valid credential the method is never invoked.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "bearer ";

    private final Authenticator authenticator;

    AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new AuthenticationException(AuthenticationException.Reason.MISSING,
                    "Sign in first: send 'Authorization: Bearer <access token or API key>' "
                            + "(POST /api/v1/auth/login returns a token).");
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AuthenticationException(AuthenticationException.Reason.INVALID,
                    "Use the Bearer scheme: 'Authorization: Bearer <access token or API key>'.");
        }
        String credential = header.substring(BEARER.length()).trim();
        CallerContext.set(authenticator.authenticate(credential, CallerContext.sourceAddress()));
    }
}
