package io.coditect.studio.rest.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.RevocationListener;

/**
 * The event streams open now, by the credential that opened them, so a logout or a revoked API key
 * ends them at once instead of at the token's expiry.
 */
final class OpenStreams implements RevocationListener {

    private final Map<String, Set<SseStream>> byCredential = new ConcurrentHashMap<>();

    void opened(Caller caller, SseStream stream) {
        if (caller.credentialId() != null) {
            byCredential.computeIfAbsent(key(caller.orgId(), caller.credentialId()), k -> ConcurrentHashMap.newKeySet())
                    .add(stream);
        }
    }

    void closed(Caller caller, SseStream stream) {
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
