package io.coditect.studio.api.chat;

import org.osgi.annotation.versioning.ProviderType;

/** A sink's place in a session's stream. */
@ProviderType
public interface Subscription extends AutoCloseable {

    /** The sequence number of the last event handed to the sink. */
    long lastSeq();

    /** Whether events still come (false after close, a RESYNC or the session's end). */
    boolean isOpen();

    /** Stops the events; idempotent. */
    @Override
    void close();
}
