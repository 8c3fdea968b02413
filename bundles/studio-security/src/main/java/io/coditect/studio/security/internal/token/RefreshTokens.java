package io.coditect.studio.security.internal.token;

import io.coditect.studio.api.security.Credential;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh tokens issued, by the SHA-256 digest of the token (the token itself is never kept).
 * A token redeemed once stays known as used until it expires, so that presenting it again is
 * recognised as theft. Kept in a private file so logins survive a restart: lines
 * {@code I <digest> <session> <org> <user> <credential> <expiry ms>} (issued) and {@code U <digest>}
 * (used). A revoked session's tokens stay until they expire and are refused by the revocation.
 */
final class RefreshTokens {

    /** What a refresh token grants: the next pair of tokens in its login session. */
    record Grant(String digest, LoginSession session, Instant expiresAt, boolean used) {

        Grant markUsed() {
            return new Grant(digest, session, expiresAt, true);
        }

        String issuedLine() {
            return "I " + digest + " " + session.sessionId() + " " + session.orgId() + " " + session.userId() + " "
                    + session.credential().name() + " " + expiresAt.toEpochMilli();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokens.class);
    private static final int COMPACT_AFTER = 2_000;

    private final Map<String, Grant> grants = new HashMap<>();
    private final Journal journal;

    RefreshTokens(Path file, Instant now) {
        journal = new Journal(file);
        for (String line : journal.read()) {
            try {
                replay(line.split(" "));
            } catch (RuntimeException e) {
                LOG.warn("skipping a damaged line of {}", file);
            }
        }
        compact(now);
    }

    synchronized void add(Grant grant, Instant now) {
        grants.put(grant.digest(), grant);
        write(grant.issuedLine(), now);
    }

    /**
     * Marks the token used and returns it as it was before, or null for a token never issued (or
     * expired long ago). A returned grant with {@code used} set has been presented before.
     */
    synchronized Grant redeem(String digest, Instant now) {
        Grant grant = grants.get(digest);
        if (grant != null && !grant.used()) {
            grants.put(digest, grant.markUsed());
            write("U " + digest, now);
        }
        return grant;
    }

    synchronized int size() {
        return grants.size();
    }

    private void write(String line, Instant now) {
        journal.append(line);
        if (journal.appendedSinceRewrite() > Math.max(COMPACT_AFTER, grants.size())) {
            compact(now);
        }
    }

    private void replay(String[] f) {
        switch (f[0]) {
            case "I" -> grants.put(f[1], new Grant(f[1], new LoginSession(f[2], f[3], f[4], Credential.valueOf(f[5])),
                    Instant.ofEpochMilli(Long.parseLong(f[6])), false));
            case "U" -> grants.computeIfPresent(f[1], (d, g) -> g.markUsed());
            default -> throw new IllegalArgumentException("unknown record");
        }
    }

    private synchronized void compact(Instant now) {
        grants.values().removeIf(g -> !now.isBefore(g.expiresAt()));
        List<String> lines = new ArrayList<>();
        for (Grant g : grants.values()) {
            lines.add(g.issuedLine());
            if (g.used()) {
                lines.add("U " + g.digest());
            }
        }
        journal.rewrite(lines);
    }
}
