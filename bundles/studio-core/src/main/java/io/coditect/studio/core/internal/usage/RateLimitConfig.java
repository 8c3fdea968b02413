package io.coditect.studio.core.internal.usage;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Request rate limits of the API, PID {@value RequestRateLimiter#PID}; optional, changes apply at once. */
@ObjectClassDefinition(id = RequestRateLimiter.PID, name = "CODITECT Studio API rate limits",
        description = "Requests per minute an authenticated caller may make: each API key on its own, each user"
                + " signed in with a password or single sign-on on their own. A caller may use a whole minute's"
                + " allowance at once; it refills evenly over the minute. Over the limit the API answers 429 with"
                + " Retry-After.")
public @interface RateLimitConfig {

    @AttributeDefinition(name = "Requests per minute per user", description = "0 for no limit.", min = "0")
    int user_requests_per_minute() default 120;

    @AttributeDefinition(name = "Requests per minute per API key", description = "0 for no limit.", min = "0")
    int key_requests_per_minute() default 600;
}
