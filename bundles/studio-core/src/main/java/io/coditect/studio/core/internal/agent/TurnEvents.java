package io.coditect.studio.core.internal.agent;

import java.util.Map;

import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;

/** Publishes the events of one turn to its session's stream. */
@FunctionalInterface
interface TurnEvents {

    SessionEvent publish(EventType type, Map<String, Object> data);
}
