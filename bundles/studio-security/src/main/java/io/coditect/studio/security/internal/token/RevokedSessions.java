package io.coditect.studio.security.internal.token;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login sessions ended before their tokens expired, until the last of those tokens would have
 * expired. Kept in memory for the check on every request and in a file, one {@code <session id>
 * <until, epoch ms>} a line, so a logout holds across a restart.
 */
final class RevokedSessions {

    private static final Logger LOG = LoggerFactory.getLogger(RevokedSessions.class);
    private static final int COMPACT_AFTER = 1_000;

    private final Map<String, Instant> until = new ConcurrentHashMap<>();
    private final Journal journal;

    RevokedSessions(Path file, Instant now) {
        journal = new Journal(file);
        for (String line : journal.read()) {
            String[] f = line.split(" ");
            try {
                if (f.length == 2) {
                    until.merge(f[0], Instant.ofEpochMilli(Long.parseLong(f[1])), RevokedSessions::later);
                }
            } catch (NumberFormatException e) {
                LOG.warn("skipping a damaged line of {}", file);
            }
        }
        compact(now);
    }

    boolean isRevoked(String sessionId, Instant now) {
        Instant end = until.get(sessionId);
        return end != null && now.isBefore(end);
    }

    /**
     * Revokes until {@code end} (a later end of an already revoked session extends it).
     *
     * @return false when it was revoked already
     */
    synchronized boolean revoke(String sessionId, Instant end, Instant now) {
        boolean wasRevoked = isRevoked(sessionId, now);
        Instant before = until.get(sessionId);
        if (before == null || before.isBefore(end)) {
            until.put(sessionId, end);
            journal.append(sessionId + " " + end.toEpochMilli());
            if (journal.appendedSinceRewrite() > COMPACT_AFTER) {
                compact(now);
            }
        }
        return !wasRevoked;
    }

    int size() {
        return until.size();
    }

    private synchronized void compact(Instant now) {
        until.values().removeIf(end -> !now.isBefore(end));
        List<String> lines = new ArrayList<>();
        until.forEach((sid, end) -> lines.add(sid + " " + end.toEpochMilli()));
        journal.rewrite(lines);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
