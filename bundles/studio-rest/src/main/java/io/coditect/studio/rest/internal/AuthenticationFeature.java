package io.coditect.studio.rest.internal;

import javax.ws.rs.container.DynamicFeature;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.FeatureContext;

import io.coditect.studio.api.security.Authenticator;

/** Puts the {@link AuthenticationFilter} in front of every resource method not marked {@link PublicEndpoint}. */
final class AuthenticationFeature implements DynamicFeature {

    private final Authenticator authenticator;

    AuthenticationFeature(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        boolean open = resource.getResourceMethod().isAnnotationPresent(PublicEndpoint.class)
                || resource.getResourceClass().isAnnotationPresent(PublicEndpoint.class);
        if (!open) {
            context.register(new AuthenticationFilter(authenticator));
        }
    }
}
