package io.coditect.studio.provider.support;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.ProviderException;

/**
 * A provider's health from its configuration and the outcome of its last call; cheap to read.
 *
 * <ul>
 * <li>Configuration DOWN (for example no API key) → that, whatever the calls did.</li>
 * <li>No call ended yet, or the last one succeeded → UP.</li>
 * <li>Last call failed UNAUTHORIZED → DOWN (the key was rejected; it will not get better by
 * itself).</li>
 * <li>Last call failed RATE_LIMITED, OVERLOADED, UNAVAILABLE or CUT_MID_STREAM → DEGRADED.</li>
 * <li>BAD_REQUEST and cancelled calls say nothing about the provider and leave the state as it
 * was.</li>
 * </ul>
 * The message names the time and the failure; the next successful call makes it UP again.
 * Thread-safe.
 */
public final class HealthTracker {

    private final Health configHealth;
    private final Clock clock;
    private volatile Health lastCall;

    public HealthTracker(Health configHealth, Clock clock) {
        this.configHealth = Objects.requireNonNull(configHealth, "configHealth");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public HealthTracker(Health configHealth) {
        this(configHealth, Clock.systemUTC());
    }

    public void success() {
        lastCall = null;
    }

    public void failure(ProviderException e) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        switch (e.kind()) {
            case BAD_REQUEST:
                return;
            case UNAUTHORIZED:
                lastCall = Health.down("the last call at " + now + " was refused (UNAUTHORIZED): " + e.getMessage()
                        + "; check the API key");
                return;
            default:
                lastCall = Health.degraded("the last call at " + now + " failed (" + e.kind() + "): " + e.getMessage());
        }
    }

    public Health health() {
        if (configHealth.status() == Health.Status.DOWN) {
            return configHealth;
        }
        Health last = lastCall;
        return last == null ? configHealth : last;
    }
}
