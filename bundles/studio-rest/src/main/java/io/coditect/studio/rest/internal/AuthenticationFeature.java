package io.coditect.studio.rest.internal;

import javax.ws.rs.container.DynamicFeature;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.FeatureContext;

import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.usage.RateLimiter;

/**
 * Puts the {@link AuthenticationFilter}, then the {@link RateLimitFilter}, in front of every resource
 * method not marked {@link PublicEndpoint}.
 */
final class AuthenticationFeature implements DynamicFeature {

    private final Authenticator authenticator;
    private final RateLimiter limiter;

    AuthenticationFeature(Authenticator authenticator, RateLimiter limiter) {
        this.authenticator = authenticator;
        this.limiter = limiter;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        boolean open = resource.getResourceMethod().isAnnotationPresent(PublicEndpoint.class)
                || resource.getResourceClass().isAnnotationPresent(PublicEndpoint.class);
        if (!open) {
            context.register(new AuthenticationFilter(authenticator));
            context.register(new RateLimitFilter(limiter));
        }
    }
}
