package io.coditect.studio.api.chat;

import io.coditect.studio.api.security.Caller;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The live event streams of sessions. Callers need read access to the session (SDD §5.2: everybody
 * in its organisation); another organisation's session is "not found"
 * ({@link io.coditect.studio.api.store.StoreException}).
 */
@ProviderType
public interface SessionEvents {

    /**
     * Hands {@code sink} every event after {@code afterSeq} (0: from the oldest kept), then the new
     * ones as they happen. When events after {@code afterSeq} are no longer kept the sink gets a
     * {@link EventType#RESYNC} at once.
     */
    Subscription subscribe(Caller caller, String orgId, String sessionId, long afterSeq, EventSink sink);

    /**
     * The sequence number of the session's last event (0 before the first, or when the stream is
     * not kept in memory), with the same access check as {@link #subscribe}. Transports use it to
     * tell a replay of kept events, which a client may receive in a burst, from live lag.
     */
    default long lastSeq(Caller caller, String orgId, String sessionId) {
        return 0;
    }

    /**
     * Tells everybody in the session what the caller is doing: {@code watching}, {@code typing} or
     * {@code left}.
     */
    void presence(Caller caller, String orgId, String sessionId, String state);
}
