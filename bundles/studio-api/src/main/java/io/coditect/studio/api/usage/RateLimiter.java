package io.coditect.studio.api.usage;

import io.coditect.studio.api.security.Caller;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Limits how many requests a caller makes per minute: an API key by its own limit, a signed-in user
 * by the user's limit; the studio itself ({@code SYSTEM}) is never limited. The API asks it once per
 * authenticated request.
 */
@ProviderType
public interface RateLimiter {

    /**
     * Counts one request of the caller.
     *
     * @throws RateLimitedException when the caller's limit is reached; the request is not counted then
     */
    void acquire(Caller caller);
}
