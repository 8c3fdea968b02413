package io.coditect.studio.rest.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.RevocationListener;
import io.coditect.studio.api.usage.RateLimitedException;

/**
 * The event streams open now, by the credential that opened them, so a logout or a revoked API key
 * ends them at once instead of at the token's expiry.
 */
final class OpenStreams implements RevocationListener {

    /**
     * Streams one user may hold open (a browser holds at most six connections to a host anyway). An
     * SSE stream holds a server thread while it is open, so the studio caps them; the WebSocket
     * carries the same events without a thread per client and has no such cap.
     */
    static final int PER_USER = 8;
    /** Streams the node holds open at once, well below the web server's thread pool. */
    static final int TOTAL = 64;

    private final Map<String, Set<SseStream>> byCredential = new ConcurrentHashMap<>();
    private final Map<String, Integer> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final int perUser;
    private final int total;

    OpenStreams() {
        this(PER_USER, TOTAL);
    }

    OpenStreams(int perUser, int total) {
        this.perUser = perUser;
        this.total = total;
    }

    /** Counts a stream in, or says why it may not open (a 429 for the caller to act on). */
    void opened(Caller caller, SseStream stream) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            throw new RateLimitedException("this studio node has " + total + " event streams open, its most: use the"
                    + " WebSocket /ws for the session's events, or try again later", Duration.ofSeconds(5));
        }
        String user = caller.orgId() + "/" + caller.userId();
        if (byUser.merge(user, 1, Integer::sum) > perUser) {
            byUser.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
            open.decrementAndGet();
            throw new RateLimitedException("you have " + perUser + " event streams open, the most one person may: close"
                    + " one (another tab or window), or use the WebSocket /ws", Duration.ofSeconds(5));
        }
        if (caller.credentialId() != null) {
            byCredential.computeIfAbsent(key(caller.orgId(), caller.credentialId()), k -> ConcurrentHashMap.newKeySet())
                    .add(stream);
        }
    }

    void closed(Caller caller, SseStream stream) {
        open.decrementAndGet();
        byUser.computeIfPresent(caller.orgId() + "/" + caller.userId(), (k, n) -> n <= 1 ? null : n - 1);
        if (caller.credentialId() != null) {
            byCredential.computeIfPresent(key(caller.orgId(), caller.credentialId()), (k, set) -> {
                set.remove(stream);
                return set.isEmpty() ? null : set;
            });
        }
    }

    @Override
    public void revoked(String orgId, String credentialId) {
        Set<SseStream> streams = byCredential.remove(key(orgId, credentialId));
        if (streams != null) {
            streams.forEach(SseStream::revoke);
        }
    }

    private static String key(String orgId, String credentialId) {
        return orgId + "/" + credentialId;
    }
}
