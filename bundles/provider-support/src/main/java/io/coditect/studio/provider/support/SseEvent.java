package io.coditect.studio.provider.support;

import java.util.Objects;

/**
 * One server-sent event.
 *
 * @param event the event type from the {@code event:} field, {@value #DEFAULT_TYPE} when the event
 *              had none
 * @param data  the {@code data:} lines joined with {@code \n} (without a trailing newline)
 * @param id    the last event id seen on the stream so far ({@code id:} persists across events), or
 *              empty
 */
public record SseEvent(String event, String data, String id) {

    /** The type of an event without an {@code event:} field. */
    public static final String DEFAULT_TYPE = "message";

    public SseEvent {
        event = event == null || event.isEmpty() ? DEFAULT_TYPE : event;
        Objects.requireNonNull(data, "data");
        id = id == null ? "" : id;
    }
}
