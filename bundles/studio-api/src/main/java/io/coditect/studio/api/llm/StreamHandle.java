package io.coditect.studio.api.llm;

import org.osgi.annotation.versioning.ConsumerType;

/** Control over one running stream. */
@ConsumerType
public interface StreamHandle {

    /**
     * Stops the stream as soon as possible and releases its connection. Idempotent. The listener
     * then receives {@code onComplete(StopReason.CANCELLED)} unless the stream already ended.
     */
    void cancel();
}
