package io.coditect.studio.security.internal.token;

import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.security.internal.vault.KeyVault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TokenServiceTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MutableClock clock = new MutableClock();
    private Path dir;
    private KeyVault vault;
    private TokenService tokens;

    @Before
    public void setUp() {
        dir = tmp.getRoot().toPath().resolve("security");
        vault = KeyVault.open(dir, n -> null);
        tokens = new TokenService(vault, TokenSettings.DEFAULTS, clock);
    }

    private TokenService restart() {
        return new TokenService(KeyVault.open(dir, n -> null), TokenSettings.DEFAULTS, clock);
    }

    private static Reason reason(Runnable r) {
        return assertThrows(AuthenticationException.class, r::run).reason();
    }

    @Test
    public void issuesAVerifiableAccessToken() throws Exception {
        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, "10.0.0.1");
        AccessClaims claims = tokens.verify(pair.accessToken());
        assertEquals(new LoginSession(pair.sessionId(), "acme", "alice", Credential.PASSWORD), claims.session());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), claims.expiresAt());
        assertEquals(pair.accessExpiresAt(), claims.expiresAt());
        assertEquals(clock.instant().plus(Duration.ofHours(12)), pair.refreshExpiresAt());

        SignedJWT jwt = SignedJWT.parse(pair.accessToken());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertEquals(tokens.signingKeyId(), jwt.getHeader().getKeyID());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals("coditect-studio", c.getIssuer());
        assertEquals("alice", c.getSubject());
        assertEquals("acme", c.getStringClaim("org"));
        assertEquals(pair.sessionId(), c.getStringClaim("sid"));
        assertEquals("PASSWORD", c.getStringClaim("cred"));
        assertEquals(UUID.fromString(c.getJWTID()).toString(), c.getJWTID());
        assertEquals(3600, (c.getExpirationTime().getTime() - c.getIssueTime().getTime()) / 1000);
        // the refresh token: 256 random bits, base64url
        assertEquals(32, Base64.getUrlDecoder().decode(pair.refreshToken()).length);
        assertFalse(pair.toString().contains(pair.accessToken()));
    }

    @Test
    public void aTokenVerifiesAgainstThePublishedKeySet() throws Exception {
        TokenPair pair = tokens.issue("acme", "alice", Credential.SSO, null);
        JWKSet set = JWKSet.parse(tokens.jwks());
        RSAKey key = (RSAKey) set.getKeyByKeyId(tokens.signingKeyId());
        assertFalse("only public keys are published", key.isPrivate());
        assertTrue(SignedJWT.parse(pair.accessToken()).verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key)));
        assertEquals(Credential.SSO, tokens.verify(pair.accessToken()).session().credential());
    }

    @Test
    public void anExpiredTokenIsRefusedEvenWhenCached() {
        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        tokens.verify(pair.accessToken());
        clock.advance(Duration.ofMinutes(59));
        tokens.verify(pair.accessToken());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Reason.EXPIRED, reason(() -> tokens.verify(pair.accessToken())));
        // and one never seen before
        assertEquals(Reason.EXPIRED, reason(() -> restart().verify(pair.accessToken())));
    }

    @Test
    public void forgedTokensAreRefused() throws Exception {
        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        String[] parts = pair.accessToken().split("\\.");
        JWTClaimsSet claims = SignedJWT.parse(pair.accessToken()).getJWTClaimsSet();

        // another user's name in a payload signed for alice
        JWTClaimsSet asBob = new JWTClaimsSet.Builder(claims).subject("bob").build();
        String swapped = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(asBob.toString().getBytes()) + "." + parts[2];
        assertEquals(Reason.INVALID, reason(() -> tokens.verify(swapped)));

        // signed with another RSA key that claims our key id
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(tokens.signingKeyId()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(tokens.signingKeyId())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        forged.sign(new RSASSASigner(attacker));
        assertEquals(Reason.INVALID, reason(() -> tokens.verify(forged.serialize())));

        // garbage
        assertEquals(Reason.INVALID, reason(() -> tokens.verify("not.a.token")));
        assertEquals(Reason.INVALID, reason(() -> tokens.verify(pair.refreshToken())));
        assertEquals(Reason.MISSING, reason(() -> tokens.verify("")));
    }

    @Test
    public void algorithmConfusionIsRefused() throws Exception {
        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        JWTClaimsSet claims = SignedJWT.parse(pair.accessToken()).getJWTClaimsSet();

        // alg "none"
        String unsigned = new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims)
                .serialize();
        assertEquals(Reason.INVALID, reason(() -> tokens.verify(unsigned)));
        String noneWithSignature = unsigned + pair.accessToken().split("\\.")[2];
        assertEquals(Reason.INVALID, reason(() -> tokens.verify(noneWithSignature)));

        // HS256 keyed with the published public key
        RSAKey published = (RSAKey) JWKSet.parse(tokens.jwks()).getKeyByKeyId(tokens.signingKeyId());
        byte[] secret = published.toRSAPublicKey().getEncoded();
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(tokens.signingKeyId())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        hs.sign(new MACSigner(secret));
        assertEquals(Reason.INVALID, reason(() -> tokens.verify(hs.serialize())));
    }

    @Test
    public void anotherIssuersTokenIsRefused() {
        TokenService other = new TokenService(vault, TokenSettings.DEFAULTS.withIssuer("someone-else"), clock);
        TokenPair pair = other.issue("acme", "alice", Credential.PASSWORD, null);
        other.verify(pair.accessToken());
        assertEquals(Reason.INVALID, reason(() -> tokens.verify(pair.accessToken())));
    }

    @Test
    public void aRevokedSessionFailsAtOnce() {
        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        TokenPair other = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        tokens.verify(pair.accessToken()); // cached now
        assertTrue(tokens.revokeSession(pair.sessionId()));
        assertFalse(tokens.revokeSession(pair.sessionId()));
        assertEquals(Reason.REVOKED, reason(() -> tokens.verify(pair.accessToken())));
        assertEquals(Reason.REVOKED, reason(() -> tokens.redeem(pair.refreshToken())));
        // the same user's other session goes on
        tokens.verify(other.accessToken());
        tokens.continueSession(tokens.redeem(other.refreshToken()));
    }

    @Test
    public void aRefreshTokenWorksOnce() {
        TokenPair first = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        clock.advance(Duration.ofMinutes(50));
        LoginSession session = tokens.redeem(first.refreshToken());
        TokenPair second = tokens.continueSession(session);
        assertEquals(first.sessionId(), second.sessionId());
        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), tokens.verify(second.accessToken()).expiresAt());
        tokens.verify(first.accessToken()); // the old access token runs out on its own

        // presenting the used token again: somebody copied it, so the whole session ends
        RefreshRejected reuse = assertThrows(RefreshRejected.class, () -> tokens.redeem(first.refreshToken()));
        assertEquals(Reason.REVOKED, reuse.reason());
        assertTrue(reuse.sessionRevoked());
        assertEquals(session, reuse.session());
        assertEquals(Reason.REVOKED, reason(() -> tokens.verify(second.accessToken())));
        assertEquals(Reason.REVOKED, reason(() -> tokens.redeem(second.refreshToken())));
        assertTrue(tokens.isRevoked(first.sessionId()));
    }

    @Test
    public void unknownAndExpiredRefreshTokensAreRefused() {
        RefreshRejected unknown = assertThrows(RefreshRejected.class, () -> tokens.redeem("bm90LWEtdG9rZW4"));
        assertEquals(Reason.INVALID, unknown.reason());
        assertEquals(null, unknown.session());
        assertEquals(Reason.MISSING, reason(() -> tokens.redeem(" ")));

        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        clock.advance(Duration.ofHours(12));
        assertEquals(Reason.EXPIRED, reason(() -> tokens.redeem(pair.refreshToken())));
    }

    @Test
    public void rotationKeepsOldTokensValid() throws Exception {
        TokenPair before = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        String oldKid = tokens.signingKeyId();
        clock.advance(Duration.ofMinutes(10));
        String newKid = tokens.rotateSigningKey();
        assertNotEquals(oldKid, newKid);
        assertEquals(newKid, tokens.signingKeyId());

        TokenPair after = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        assertEquals(newKid, SignedJWT.parse(after.accessToken()).getHeader().getKeyID());
        assertEquals(oldKid, tokens.verify(before.accessToken()).keyId());
        assertEquals(oldKid, restart().verify(before.accessToken()).keyId());
        JWKSet set = JWKSet.parse(tokens.jwks());
        assertEquals(2, set.getKeys().size());

        // once every token of the old key has expired, the key goes at the next rotation
        clock.advance(Duration.ofHours(1));
        tokens.rotateSigningKey();
        assertTrue(JWKSet.parse(tokens.jwks()).getKeyByKeyId(oldKid) == null);
        assertTrue(JWKSet.parse(tokens.jwks()).getKeyByKeyId(newKid) != null);
    }

    @Test
    public void keysRevocationsAndRefreshTokensSurviveARestart() throws Exception {
        TokenPair loggedOut = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        TokenPair kept = tokens.issue("acme", "bob", Credential.PASSWORD, null);
        TokenPair used = tokens.issue("acme", "carol", Credential.PASSWORD, null);
        tokens.continueSession(tokens.redeem(used.refreshToken()));
        tokens.revokeSession(loggedOut.sessionId());

        TokenService restarted = restart();
        assertEquals(tokens.signingKeyId(), restarted.signingKeyId());
        assertEquals(Reason.REVOKED, reason(() -> restarted.verify(loggedOut.accessToken())));
        restarted.verify(kept.accessToken());
        assertEquals(kept.sessionId(), restarted.continueSession(restarted.redeem(kept.refreshToken())).sessionId());
        RefreshRejected reuse = assertThrows(RefreshRejected.class, () -> restarted.redeem(used.refreshToken()));
        assertTrue(reuse.sessionRevoked());

        for (String f : new String[] {TokenService.REVOKED_FILE, TokenService.REFRESH_FILE, "signing-keys.json"}) {
            assertEquals(f, "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))));
        }
        assertFalse("only digests are stored", Files.readString(dir.resolve(TokenService.REFRESH_FILE))
                .contains(kept.refreshToken()));
    }

    @Test
    public void revocationsArePrunedAfterTheyExpire() throws Exception {
        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        tokens.revokeSession(pair.sessionId());
        clock.advance(Duration.ofHours(13));
        restart();
        assertEquals("", Files.readString(dir.resolve(TokenService.REVOKED_FILE)));
        assertEquals("", Files.readString(dir.resolve(TokenService.REFRESH_FILE)));
    }

    @Test
    public void onlyPasswordAndSsoStartSessions() {
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("acme", "a", Credential.API_KEY, null));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("acme", "a", Credential.SYSTEM, null));
    }

    @Test
    public void settingsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenSettings.DEFAULTS.withAccessTtl(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("30 seconds"));
        assertThrows(IllegalArgumentException.class,
                () -> TokenSettings.DEFAULTS.withRefreshTtl(Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> TokenSettings.DEFAULTS.withIssuer(" "));
    }

    @Test
    public void theDateClaimsUseTheClock() throws Exception {
        TokenPair pair = tokens.issue("acme", "alice", Credential.PASSWORD, null);
        assertEquals(Date.from(clock.instant()), SignedJWT.parse(pair.accessToken()).getJWTClaimsSet().getIssueTime());
    }
}
