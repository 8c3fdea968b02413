package io.coditect.studio.security.internal.sso;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins waiting for the provider's callback, in memory on this node. Each state is taken once;
 * it expires after {@link #ttl}; at most {@link #capacity} wait, so a flood of started logins
 * costs bounded memory (the oldest are dropped first, they are the closest to expiry anyway).
 */
final class PendingLogins {

    private static final Logger LOG = LoggerFactory.getLogger(PendingLogins.class);

    /** Whether a taken state was still valid. */
    enum Status {
        VALID,
        UNKNOWN,
        EXPIRED
    }

    record Taken(Status status, PendingLogin login) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    // insertion order is start order, so the eldest entries are the first to expire
    private final LinkedHashMap<String, PendingLogin> byState = new LinkedHashMap<>();
    private boolean overflowLogged;

    PendingLogins(Clock clock, Duration ttl, int capacity) {
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    synchronized void add(PendingLogin login) {
        dropExpired();
        if (byState.size() >= capacity) {
            Iterator<PendingLogin> eldest = byState.values().iterator();
            eldest.next();
            eldest.remove();
            if (!overflowLogged) {
                LOG.warn("More than {} single sign-on logins are waiting for their provider; the oldest are dropped"
                        + " (their users must start again). Many logins started and never finished can mean abuse.",
                        capacity);
                overflowLogged = true;
            }
        }
        byState.put(login.state().getValue(), login);
    }

    /** Removes the login of {@code state}: a state works once, whatever the outcome. */
    synchronized Taken take(String state) {
        PendingLogin login = state == null ? null : byState.remove(state);
        if (login == null) {
            return new Taken(Status.UNKNOWN, null);
        }
        if (isExpired(login, clock.instant())) {
            return new Taken(Status.EXPIRED, login);
        }
        return new Taken(Status.VALID, login);
    }

    synchronized int size() {
        return byState.size();
    }

    private void dropExpired() {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, PendingLogin>> it = byState.entrySet().iterator(); it.hasNext();) {
            if (!isExpired(it.next().getValue(), now)) {
                break;
            }
            it.remove();
        }
    }

    private boolean isExpired(PendingLogin login, Instant now) {
        return !now.isBefore(login.startedAt().plus(ttl));
    }
}
