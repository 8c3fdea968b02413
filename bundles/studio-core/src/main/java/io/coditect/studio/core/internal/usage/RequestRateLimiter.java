package io.coditect.studio.core.internal.usage;

import java.time.Clock;
import java.time.Duration;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.usage.RateLimitedException;
import io.coditect.studio.api.usage.RateLimiter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RateLimiter}: a token bucket per API key (by its id) and per user (by organisation and
 * user id). An API key counts against its own limit only, so a service account's keys do not eat
 * into what its owner may do in the browser. A new limit applies to the next request; the buckets
 * keep what they hold.
 */
@Component(service = RateLimiter.class, immediate = true, configurationPid = RequestRateLimiter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RateLimitConfig.class)
public final class RequestRateLimiter implements RateLimiter {

    /** Configuration PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.core.ratelimit";

    /** Buckets kept per kind before full ones are dropped. */
    static final int MAX_KEYS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(RequestRateLimiter.class);

    private final TokenBuckets users;
    private final TokenBuckets keys;

    @Activate
    public RequestRateLimiter(RateLimitConfig config) {
        this(Clock.systemUTC(), config.user_requests_per_minute(), config.key_requests_per_minute());
    }

    public RequestRateLimiter(Clock clock, int userRequestsPerMinute, int keyRequestsPerMinute) {
        this.users = new TokenBuckets(clock, 0, MAX_KEYS);
        this.keys = new TokenBuckets(clock, 0, MAX_KEYS);
        limits(userRequestsPerMinute, keyRequestsPerMinute);
    }

    @Modified
    void modified(RateLimitConfig config) {
        limits(config.user_requests_per_minute(), config.key_requests_per_minute());
    }

    /** Changes both limits; a negative one is refused and leaves the limits as they were. */
    public void limits(int userRequestsPerMinute, int keyRequestsPerMinute) {
        if (userRequestsPerMinute < 0 || keyRequestsPerMinute < 0) {
            LOG.error("rate limits of {} cannot be negative (give 0 for none); keeping {} per user and {} per API key"
                    + " a minute", PID, users.perMinute(), keys.perMinute());
            return;
        }
        users.limit(userRequestsPerMinute);
        keys.limit(keyRequestsPerMinute);
    }

    @Override
    public void acquire(Caller caller) {
        if (caller.credential() == Credential.SYSTEM) {
            return;
        }
        boolean apiKey = caller.credential() == Credential.API_KEY;
        TokenBuckets buckets = apiKey ? keys : users;
        long waitMicros = buckets.take(apiKey ? "key:" + caller.credentialId()
                : "user:" + caller.orgId() + "/" + caller.userId());
        if (waitMicros > 0) {
            Duration wait = Duration.ofNanos(waitMicros * 1_000);
            long seconds = Math.max(1, (waitMicros + 999_999) / 1_000_000);
            String who = apiKey ? "API key '" + StudioIds.printable(caller.credentialId()) + "'"
                    : "user '" + StudioIds.printable(caller.userId()) + "'";
            throw new RateLimitedException(who + " may make " + buckets.perMinute() + " requests per minute and has"
                    + " used them up; wait " + seconds + " s before the next request, or ask an administrator to raise"
                    + " the limit (" + PID + ").", wait);
        }
    }
}
