package io.coditect.studio.api.chat;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a subscription's events, one at a time and in order, on a studio thread. It may be slow:
 * only its own buffer fills; when that overflows, it gets one {@link EventType#RESYNC} and no more.
 */
@ConsumerType
public interface EventSink {

    void onEvent(SessionEvent event);
}
