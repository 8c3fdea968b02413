package io.coditect.studio.ws.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.RevocationListener;

/**
 * The sockets open now. A revoked credential (logout, a revoked API key) closes its sockets at once;
 * every {@code recheckSeconds} the token of each socket is authenticated again, since a
 * {@link Caller} carries no expiry, and a socket whose token no longer works closes with 4001.
 */
final class OpenSockets implements RevocationListener {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSockets.class);

    private final Authenticator authenticator;
    private final Set<EventSocket> all = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<EventSocket>> byCredential = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> recheck;

    OpenSockets(Authenticator authenticator) {
        this.authenticator = authenticator;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "studio-ws-recheck");
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void recheckEvery(int seconds) {
        if (recheck != null) {
            recheck.cancel(false);
        }
        long s = Math.max(1, seconds);
        recheck = scheduler.scheduleWithFixedDelay(this::recheck, s, s, TimeUnit.SECONDS);
    }

    void opened(EventSocket socket) {
        all.add(socket);
        Caller c = socket.caller();
        if (c.credentialId() != null) {
            byCredential.computeIfAbsent(key(c.orgId(), c.credentialId()), k -> ConcurrentHashMap.newKeySet())
                    .add(socket);
        }
    }

    void closed(EventSocket socket) {
        all.remove(socket);
        Caller c = socket.caller();
        if (c.credentialId() != null) {
            byCredential.computeIfPresent(key(c.orgId(), c.credentialId()), (k, set) -> {
                set.remove(socket);
                return set.isEmpty() ? null : set;
            });
        }
    }

    int size() {
        return all.size();
    }

    @Override
    public void revoked(String orgId, String credentialId) {
        Set<EventSocket> sockets = byCredential.remove(key(orgId, credentialId));
        if (sockets != null) {
            sockets.forEach(s -> s.unauthorized("credential revoked: log in again"));
        }
    }

    /** Authenticates the token of every open socket again; one that fails closes with 4001. */
    void recheck() {
        for (EventSocket s : all) {
            if (!s.streamOpen()) {
                s.close(1000, "the session's stream ended");
                continue;
            }
            try {
                Caller fresh = authenticator.authenticate(s.token(), s.sourceAddress());
                if (!fresh.orgId().equals(s.caller().orgId())) {
                    s.unauthorized("credential no longer valid: log in again");
                } else {
                    s.caller(fresh);
                }
            } catch (AuthenticationException e) {
                if (e.reason() != AuthenticationException.Reason.THROTTLED) {
                    s.unauthorized(e.reason() == AuthenticationException.Reason.EXPIRED
                            ? "credential expired: log in again" : "credential no longer valid: log in again");
                }
            } catch (RuntimeException e) {
                LOG.warn("the credential of an event socket could not be checked again; it stays open until the"
                        + " next check", e);
            }
        }
    }

    void closeAll(int code, String reason) {
        synchronized (this) {
            if (recheck != null) {
                recheck.cancel(false);
            }
        }
        scheduler.shutdownNow();
        for (EventSocket s : all) {
            s.close(code, reason);
        }
    }

    private static String key(String orgId, String credentialId) {
        return orgId + "/" + credentialId;
    }
}
