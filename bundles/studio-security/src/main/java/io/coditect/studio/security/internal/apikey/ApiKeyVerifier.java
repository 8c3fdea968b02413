package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a presented API key: well-formed, known in the organisation it names, matching the stored
 * digest, neither revoked nor expired. A forged, garbled or unknown key gets one message, so a guess
 * learns nothing about which part was wrong; only the holder of a real key learns that it was
 * revoked or has expired.
 *
 * <p>It does not check the key's owner: the caller (the authenticator) must load the owner and
 * refuse a user that no longer exists or is disabled, and read the owner's roles fresh.
 */
public final class ApiKeyVerifier {

    private static final String INVALID = "the API key is not valid: check that the whole key was sent, or ask an "
            + "organisation admin for a new one";
    // digested when no record matches, so that unknown prefixes take as long as wrong secrets
    private static final String DECOY = "csk_000000000000.decoy.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private final ApiKeyStore keys;
    private final ApiKeyCodec codec;
    private final Clock clock;
    private final UseRecorder uses;

    public ApiKeyVerifier(ApiKeyStore keys, ApiKeyCodec codec, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.uses = new UseRecorder(keys);
    }

    /**
     * @return the key's record; its owner still has to be checked
     * @throws AuthenticationException {@code INVALID}, {@code REVOKED} or {@code EXPIRED}
     */
    public ApiKeyRecord verify(String presented) {
        Optional<ApiKeyCodec.Parsed> parsed = codec.parse(presented);
        if (parsed.isEmpty()) {
            throw new AuthenticationException(Reason.INVALID, INVALID);
        }
        ApiKeyCodec.Parsed key = parsed.get();
        ApiKeyRecord record = keys.findByPrefix(key.orgId(), key.prefix()).orElse(null);
        if (record == null) {
            codec.matches(DECOY, DECOY);
            throw new AuthenticationException(Reason.INVALID, INVALID);
        }
        if (!codec.matches(presented, record.digest())) {
            throw new AuthenticationException(Reason.INVALID, INVALID);
        }
        Instant now = clock.instant();
        if (record.revokedAt() != null) {
            throw new AuthenticationException(Reason.REVOKED, "the API key was revoked at " + record.revokedAt()
                    + ": ask an organisation admin for a new one");
        }
        if (!record.isActive(now)) {
            throw new AuthenticationException(Reason.EXPIRED, "the API key expired at " + record.expiresAt()
                    + ": ask an organisation admin for a new one, or rotate keys before they expire");
        }
        uses.used(record, now);
        return record;
    }
}
