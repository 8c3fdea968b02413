package io.coditect.studio.security.internal.sso;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.security.internal.SessionIssuer;

/**
 * Records the sessions a login asks for: the token service behind {@link SessionIssuer} has its own
 * tests, these check who single sign-on lets in.
 */
final class RecordingSessionIssuer implements SessionIssuer {

    record Issued(String orgId, String userId, Credential credential, String sourceAddress, TokenPair tokens) {
    }

    final List<Issued> issued = new ArrayList<>();

    @Override
    public synchronized TokenPair issue(String orgId, String userId, Credential credential, String sourceAddress) {
        Instant now = Instant.now();
        TokenPair tokens = new TokenPair("access-" + UUID.randomUUID(), now.plusSeconds(3600),
                "refresh-" + UUID.randomUUID(), now.plusSeconds(86400), UUID.randomUUID().toString());
        issued.add(new Issued(orgId, userId, credential, sourceAddress, tokens));
        return tokens;
    }
}
