package io.coditect.studio.rest.internal;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Response;

import io.coditect.studio.api.usage.RateLimitedException;
import io.coditect.studio.api.usage.RateLimiter;

/**
 * Counts each request of an authenticated caller against its rate limit, after the
 * {@link AuthenticationFilter} has found the caller; over the limit the method is not invoked and
 * the answer is 429 with {@code Retry-After} in whole seconds.
 */
@Priority(Priorities.AUTHORIZATION)
final class RateLimitFilter implements ContainerRequestFilter {

    private final RateLimiter limiter;

    RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            limiter.acquire(CallerContext.require());
        } catch (RateLimitedException e) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1_000);
            Response problem = Problem.of(Response.Status.TOO_MANY_REQUESTS, "rate-limited", e.getMessage(),
                    "/" + request.getUriInfo().getPath()).toResponse();
            request.abortWith(Response.fromResponse(problem).header("Retry-After", seconds).build());
        }
    }
}
