package io.coditect.studio.core.internal.session;

import java.time.Duration;
import java.time.Instant;

import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;

/**
 * When a session ends by itself (SDD §3.3): interactive ones after an idle time, persistent ones
 * at a maximum age; batch ones end with their task (their owner stops them), bounded by the
 * maximum age too.
 */
record SessionTimeouts(Duration interactiveIdle, Duration maxAge) {

    static final SessionTimeouts DEFAULTS = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(24));

    /** Why the session is over at {@code now}, or null while it may run on. */
    String expiry(SessionRecord s, Instant lastActivity, Instant now) {
        if (s.createdAt() != null && !now.isBefore(s.createdAt().plus(maxAge))) {
            return "reached its maximum age of " + maxAge.toHours() + " h";
        }
        if (s.kind() == SessionKind.INTERACTIVE && !now.isBefore(lastActivity.plus(interactiveIdle))) {
            return "idle for " + interactiveIdle.toMinutes() + " min";
        }
        return null;
    }
}
