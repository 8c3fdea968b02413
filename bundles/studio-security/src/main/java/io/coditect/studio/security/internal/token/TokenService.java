package io.coditect.studio.security.internal.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.security.internal.SessionIssuer;
import io.coditect.studio.security.internal.token.RefreshTokens.Grant;
import io.coditect.studio.security.internal.vault.KeyVault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Issues and checks the tokens of login sessions: RS256 access tokens ({@code kid} header; claims
 * {@code iss sub org sid cred jti iat exp}) and opaque, single-use refresh tokens kept only as
 * SHA-256 digests. Logout revokes the session id, which stops both tokens at once; presenting a
 * used refresh token again revokes its session, since only a thief or a replay would do that.
 */
public final class TokenService implements SessionIssuer {

    static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
    static final String REVOKED_FILE = "revoked-sessions";
    static final String REFRESH_FILE = "refresh-tokens";

    private static final String CLAIM_ORG = "org";
    private static final String CLAIM_SESSION = "sid";
    private static final String CLAIM_CREDENTIAL = "cred";
    private static final int REFRESH_BYTES = 32;

    private final TokenSettings settings;
    private final Clock clock;
    private final KeyRing keys;
    private final RevokedSessions revoked;
    private final RefreshTokens refreshTokens;
    private final VerifiedTokens verified = new VerifiedTokens(VerifiedTokens.DEFAULT_CAPACITY);
    private final SecureRandom random = new SecureRandom();

    /** Keeps its keys and state in the vault's directory. */
    public TokenService(KeyVault vault, TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Instant now = clock.instant();
        this.keys = new KeyRing(vault.signingKeys(), settings.accessTtl(), clock);
        this.revoked = new RevokedSessions(vault.directory().resolve(REVOKED_FILE), now);
        this.refreshTokens = new RefreshTokens(vault.directory().resolve(REFRESH_FILE), now);
    }

    public TokenSettings settings() {
        return settings;
    }

    /** Starts a new login session. */
    @Override
    public TokenPair issue(String orgId, String userId, Credential credential, String sourceAddress) {
        if (credential != Credential.PASSWORD && credential != Credential.SSO) {
            throw new IllegalArgumentException("login sessions are for password and single sign-on logins, not "
                    + credential);
        }
        return tokensFor(new LoginSession(UUID.randomUUID().toString(), orgId, userId, credential));
    }

    /**
     * The claims of a valid access token. Signature and claims are checked once per token, expiry
     * and revocation on every call.
     *
     * @throws AuthenticationException {@code INVALID} (malformed, forged, another issuer),
     *                                 {@code EXPIRED} or {@code REVOKED}
     */
    public AccessClaims verify(String accessToken) {
        if (accessToken == null || accessToken.isEmpty()) {
            throw new AuthenticationException(Reason.MISSING, "no access token: log in first");
        }
        VerifiedTokens.Key key = VerifiedTokens.key(accessToken);
        AccessClaims claims = verified.get(key);
        if (claims == null) {
            claims = checkSignatureAndClaims(accessToken);
            verified.put(key, claims, clock.instant());
        }
        Instant now = clock.instant();
        if (!now.isBefore(claims.expiresAt())) {
            throw new AuthenticationException(Reason.EXPIRED, "the access token has expired: refresh it or log in"
                    + " again");
        }
        if (revoked.isRevoked(claims.session().sessionId(), now)) {
            throw new AuthenticationException(Reason.REVOKED, "the login session has ended: log in again");
        }
        return claims;
    }

    /**
     * Redeems a refresh token: it stops working, and the session it belongs to is returned for
     * {@link #continueSession}. A token presented a second time revokes its session.
     *
     * @throws RefreshRejected with the reason; {@link RefreshRejected#sessionRevoked()} on reuse
     */
    public LoginSession redeem(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new RefreshRejected(Reason.MISSING, "no refresh token: log in again", null, false);
        }
        Instant now = clock.instant();
        Grant grant = refreshTokens.redeem(digest(refreshToken.strip()), now);
        if (grant == null) {
            throw new RefreshRejected(Reason.INVALID, "the refresh token is not valid: log in again", null, false);
        }
        LoginSession session = grant.session();
        if (revoked.isRevoked(session.sessionId(), now)) {
            throw new RefreshRejected(Reason.REVOKED, "the login session has ended: log in again", session, false);
        }
        if (grant.used()) {
            revokeSession(session.sessionId());
            throw new RefreshRejected(Reason.REVOKED, "the refresh token was used before, so the login session has"
                    + " been ended for safety: log in again", session, true);
        }
        if (!now.isBefore(grant.expiresAt())) {
            throw new RefreshRejected(Reason.EXPIRED, "the refresh token has expired: log in again", session, false);
        }
        return session;
    }

    /** A new pair of tokens for a session whose refresh token was just redeemed. */
    public TokenPair continueSession(LoginSession session) {
        if (revoked.isRevoked(session.sessionId(), clock.instant())) {
            throw new AuthenticationException(Reason.REVOKED, "the login session has ended: log in again");
        }
        return tokensFor(session);
    }

    /**
     * Ends a session: its access and refresh tokens fail from now on, also after a restart.
     *
     * @return false when it had been revoked already
     */
    public boolean revokeSession(String sessionId) {
        Instant now = clock.instant();
        // until every token the session may still hold has expired
        Duration longest = settings.accessTtl().compareTo(settings.refreshTtl()) > 0 ? settings.accessTtl()
                : settings.refreshTtl();
        return revoked.revoke(sessionId, now.plus(longest), now);
    }

    public boolean isRevoked(String sessionId) {
        return revoked.isRevoked(sessionId, clock.instant());
    }

    /**
     * Signs new tokens with a new key; tokens signed with the old one stay valid until they expire.
     *
     * @return the new key's id
     */
    public String rotateSigningKey() {
        return keys.rotate().kid();
    }

    /** The id of the key new tokens are signed with. */
    public String signingKeyId() {
        return keys.active().kid();
    }

    /** The public signing keys as a JWK set document ({@code /api/v1/auth/jwks.json}). */
    public String jwks() {
        return keys.jwks();
    }

    private TokenPair tokensFor(LoginSession session) {
        // JWT times are whole seconds; the pair tells the same expiry as the token
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant accessExpires = now.plus(settings.accessTtl());
        Instant refreshExpires = now.plus(settings.refreshTtl());
        String access = sign(session, now, accessExpires);
        byte[] secret = new byte[REFRESH_BYTES];
        random.nextBytes(secret);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        refreshTokens.add(new Grant(digest(refresh), session, refreshExpires, false), now);
        return new TokenPair(access, accessExpires, refresh, refreshExpires, session.sessionId());
    }

    private String sign(LoginSession session, Instant now, Instant expires) {
        var active = keys.active();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(active.kid()).type(ACCESS_TOKEN_TYPE)
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(settings.issuer()).subject(session.userId())
                .claim(CLAIM_ORG, session.orgId()).claim(CLAIM_SESSION, session.sessionId())
                .claim(CLAIM_CREDENTIAL, session.credential().name()).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private AccessClaims checkSignatureAndClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            // only the algorithm we sign with: no "none", no HS256 keyed with our public key
            if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || !ACCESS_TOKEN_TYPE.equals(header.getType())
                    || header.getCriticalParams() != null) {
                throw invalid();
            }
            JWSVerifier verifier = keys.verifier(header.getKeyID());
            if (verifier == null || !jwt.verify(verifier)) {
                throw invalid();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            String org = c.getStringClaim(CLAIM_ORG);
            String sid = c.getStringClaim(CLAIM_SESSION);
            String cred = c.getStringClaim(CLAIM_CREDENTIAL);
            if (!settings.issuer().equals(c.getIssuer()) || c.getSubject() == null || org == null || sid == null
                    || cred == null || c.getIssueTime() == null || c.getExpirationTime() == null) {
                throw invalid();
            }
            LoginSession session = new LoginSession(sid, org, c.getSubject(), Credential.valueOf(cred));
            return new AccessClaims(session, c.getJWTID(), c.getIssueTime().toInstant(),
                    c.getExpirationTime().toInstant(), header.getKeyID());
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static AuthenticationException invalid() {
        return new AuthenticationException(Reason.INVALID, "the access token is not valid: log in again");
    }

    static String digest(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime lacks SHA-256", e);
        }
    }
}
