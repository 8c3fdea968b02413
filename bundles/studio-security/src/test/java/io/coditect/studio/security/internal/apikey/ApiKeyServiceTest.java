package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.ApiKeyIssued;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.AuthenticationException.Reason;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.security.internal.rbac.RbacPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Issuing, verifying, revoking, expiring and rotating keys on the real database. */
public class ApiKeyServiceTest {

    private static final Set<String> READ_PROJECTS = Set.of("projects:read");

    private final MutableClock clock = new MutableClock();
    private final List<String> revoked = new ArrayList<>();
    private StudioDatabase db;
    private CountingKeyStore keys;
    private ApiKeyServiceImpl service;
    private ApiKeyVerifier verifier;

    private final Caller admin = caller("acme", "admin", Role.ORG_ADMIN, Map.of());
    private final Caller dev = caller("acme", "dev", null, Map.of("web", Role.DEVELOPER));
    private final Caller ci = caller("acme", "ci", null, Map.of("web", Role.DEVELOPER));
    private final Caller globexAdmin = caller("globex", "eve", Role.ORG_ADMIN, Map.of());

    @Before
    public void open() {
        db = EmbeddedStudioDatabase.open(clock);
        TenancyStore t = db.tenancy();
        for (String org : new String[] {"acme", "globex"}) {
            t.createOrganisation(Organisation.of(org, org));
            t.createTeam(Team.of(org, "web", "Web"));
        }
        user(t, "acme", "admin", null, Role.ORG_ADMIN);
        user(t, "acme", "dev", "web", Role.DEVELOPER);
        user(t, "acme", "ci", "web", Role.DEVELOPER);
        user(t, "globex", "eve", null, Role.ORG_ADMIN);
        user(t, "globex", "ci", "web", Role.DEVELOPER);
        keys = new CountingKeyStore(db.apiKeys());
        ApiKeyCodec codec = new ApiKeyCodec(ApiKeyCodecTest.HMAC_KEY);
        service = new ApiKeyServiceImpl(keys, t, new RbacPolicy(), db.audit(), codec, clock,
                (org, id) -> revoked.add(org + "/" + id));
        verifier = new ApiKeyVerifier(keys, codec, clock);
    }

    @After
    public void close() {
        db.close();
    }

    private static void user(TenancyStore t, String org, String id, String team, Role role) {
        t.createUser(User.of(org, id, id + "@" + org + ".example", id));
        t.grant(org, id, team, role);
    }

    private static Caller caller(String org, String user, Role orgRole, Map<String, Role> teamRoles) {
        return new Caller(org, user, Credential.PASSWORD, "s-" + user, orgRole, teamRoles, Set.of(), false,
                "192.0.2.1");
    }

    private ApiKeyIssued issueForCi(Instant expiresAt) {
        return service.issue(admin, "ci", "CI pipeline", READ_PROJECTS, expiresAt);
    }

    private List<AuditEvent> audit(String org, String action) {
        return db.audit().query(org, AuditFilter.ALL.withAction(action), PageRequest.first(100)).items();
    }

    private static AuthenticationException authFails(Supplier<?> call) {
        return assertThrows(AuthenticationException.class, call::get);
    }

    @Test
    public void issuedKeyVerifiesAndIsAudited() {
        ApiKeyIssued issued = issueForCi(null);
        ApiKeyRecord key = issued.key();
        assertEquals("acme", key.orgId());
        assertEquals("ci", key.ownerId());
        assertEquals(READ_PROJECTS, key.scopes());
        assertTrue(issued.secret().startsWith(key.prefix() + ".acme."));
        assertFalse(issued.toString().contains(issued.secret()));

        assertEquals(key.id(), verifier.verify(issued.secret()).id());

        AuditEvent event = audit("acme", "apikey.issue").get(0);
        assertEquals(AuditOutcome.SUCCESS, event.outcome());
        assertEquals("admin", event.actor());
        assertEquals("apikey/" + key.id(), event.target());
        assertEquals("ci", event.details().get("owner"));
        assertNoSecret(event, issued);
    }

    @Test
    public void digestNeverHoldsTheSecret() {
        for (int i = 0; i < 20; i++) {
            ApiKeyIssued issued = issueForCi(null);
            String secretPart = issued.secret().substring(issued.secret().lastIndexOf('.') + 1);
            ApiKeyRecord stored = keys.find("acme", issued.key().id()).orElseThrow();
            assertNotEquals(issued.secret(), stored.digest());
            assertFalse(stored.digest().contains(secretPart));
            assertFalse(stored.toString().contains(secretPart));
        }
        for (AuditEvent e : db.audit().query("acme", AuditFilter.ALL, PageRequest.first(100)).items()) {
            assertFalse(e.details().toString(), e.details().values().stream().anyMatch(v -> v.startsWith("v1:")));
        }
    }

    @Test
    public void revokedKeyStopsAtOnceAndListenersAreTold() {
        ApiKeyIssued issued = issueForCi(null);
        ApiKeyRecord revokedKey = service.revoke(ci, issued.key().id());
        assertNotNull(revokedKey.revokedAt());
        assertEquals(List.of("acme/" + issued.key().id()), revoked);
        assertEquals(Reason.REVOKED, authFails(() -> verifier.verify(issued.secret())).reason());
        AuditEvent event = audit("acme", "apikey.revoke").get(0);
        assertEquals("ci", event.actor());
        assertNoSecret(event, issued);
    }

    @Test
    public void expiredKeyFails() {
        ApiKeyIssued issued = issueForCi(clock.instant().plus(Duration.ofHours(1)));
        verifier.verify(issued.secret());
        clock.advance(Duration.ofHours(1));
        AuthenticationException e = authFails(() -> verifier.verify(issued.secret()));
        assertEquals(Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("expired"));
    }

    @Test
    public void rotatedKeyOverlapsForTheWindowOnly() {
        ApiKeyIssued old = issueForCi(clock.instant().plus(Duration.ofDays(90)));
        clock.advance(Duration.ofDays(10));
        ApiKeyIssued replacement = service.rotate(admin, old.key().id(), Duration.ofHours(1));
        assertNotEquals(old.secret(), replacement.secret());
        assertEquals("ci", replacement.key().ownerId());
        assertEquals(READ_PROJECTS, replacement.key().scopes());
        assertEquals("the replacement lives as long as the old key was meant to",
                clock.instant().plus(Duration.ofDays(90)), replacement.key().expiresAt());

        clock.advance(Duration.ofMinutes(59));
        assertEquals(old.key().id(), verifier.verify(old.secret()).id());
        assertEquals(replacement.key().id(), verifier.verify(replacement.secret()).id());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Reason.EXPIRED, authFails(() -> verifier.verify(old.secret())).reason());
        assertEquals(replacement.key().id(), verifier.verify(replacement.secret()).id());

        AuditEvent event = audit("acme", "apikey.rotate").get(0);
        assertEquals(replacement.key().id(), event.details().get("replacement"));
        assertNoSecret(event, old);
        assertNoSecret(event, replacement);
    }

    @Test
    public void rotationOverlapIsBounded() {
        ApiKeyIssued old = issueForCi(null);
        for (Duration bad : new Duration[] {null, Duration.ofSeconds(-1), Duration.ofDays(30).plusSeconds(1)}) {
            StoreException e = assertThrows(StoreException.class, () -> service.rotate(admin, old.key().id(), bad));
            assertEquals(StoreException.Kind.INVALID, e.kind());
        }
        service.rotate(admin, old.key().id(), Duration.ofDays(30));
    }

    @Test
    public void forgedAndGarbledKeysLookAlike() {
        ApiKeyIssued issued = issueForCi(null);
        String real = issued.secret();
        String[] parts = real.split("\\.");
        ApiKeyIssued globexKey = service.issue(globexAdmin, "ci", "CI", READ_PROJECTS, null);
        String[] forged = {
            parts[0] + "." + parts[1] + "." + flipFirst(parts[2]), // right prefix, wrong secret
            parts[0] + ".globex." + parts[2], // right key, other organisation
            globexKey.secret().split("\\.")[0] + ".acme." + parts[2], // other organisation's prefix
            "csk_AAAAAAAAAAAA.acme." + parts[2], // unknown prefix
            real.substring(0, real.length() - 1), "garbage", "", null, real + real, "Bearer " + real};
        String message = null;
        for (String f : forged) {
            AuthenticationException e = authFails(() -> verifier.verify(f));
            assertEquals(String.valueOf(f), Reason.INVALID, e.reason());
            if (message == null) {
                message = e.getMessage();
            }
            assertEquals("one message for every forged key", message, e.getMessage());
        }
        assertEquals(issued.key().id(), verifier.verify(real).id());
    }

    private static String flipFirst(String secret) {
        return (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
    }

    @Test
    public void keysOfAnotherOrganisationAreNotFoundAndTheAttemptAudited() {
        ApiKeyIssued acmeKey = issueForCi(null);
        String id = acmeKey.key().id();
        String unknown = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        List<Supplier<?>> guesses = List.of(() -> service.find(globexAdmin, id), () -> service.revoke(globexAdmin, id),
                () -> service.rotate(globexAdmin, id, Duration.ZERO));
        for (Supplier<?> guess : guesses) {
            StoreException e = assertThrows(StoreException.class, guess::get);
            assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
            StoreException none = assertThrows(StoreException.class, () -> service.find(globexAdmin, unknown));
            assertEquals("a foreign id reads like an unknown one", none.getMessage().replace(unknown, id),
                    e.getMessage());
        }
        assertTrue(revoked.isEmpty());
        assertNull(keys.find("acme", id).orElseThrow().revokedAt());
        assertTrue(service.list(globexAdmin, ApiKeyFilter.ALL.withOwner("ci"), PageRequest.first()).items().isEmpty());

        List<AuditEvent> denied = audit("globex", KeyAudit.CROSS_TENANT);
        assertEquals(6, denied.size());
        assertTrue(denied.stream().allMatch(e -> e.outcome() == AuditOutcome.DENIED && e.actor().equals("eve")));
        assertTrue(denied.stream().anyMatch(e -> e.target().equals("apikey/" + id)
                && e.details().get("action").equals("apikey.revoke")));
        assertTrue("nothing is written to the organisation that was probed", audit("acme", "access").isEmpty());

        StoreException e = assertThrows(StoreException.class,
                () -> service.issue(globexAdmin, "admin", "x", READ_PROJECTS, null));
        assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    public void developersCannotIssueAndOwnersRevokeTheirOwn() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> service.issue(dev, "dev", "mine", READ_PROJECTS, null));
        assertEquals("issuing an API key needs Organisation Admin", e.getMessage());
        AuditEvent denied = audit("acme", "apikey.issue").get(0);
        assertEquals(AuditOutcome.DENIED, denied.outcome());
        assertEquals("dev", denied.actor());

        ApiKeyIssued ciKey = issueForCi(null);
        assertThrows(AccessDeniedException.class, () -> service.find(dev, ciKey.key().id()));
        assertThrows(AccessDeniedException.class, () -> service.revoke(dev, ciKey.key().id()));
        assertThrows(AccessDeniedException.class, () -> service.rotate(ci, ciKey.key().id(), Duration.ZERO));
        assertTrue(revoked.isEmpty());
        assertEquals(ciKey.key().id(), service.find(ci, ciKey.key().id()).id());
        assertNotNull(service.revoke(ci, ciKey.key().id()).revokedAt());
        assertNotNull(service.revoke(admin, issueForCi(null).key().id()).revokedAt());
    }

    @Test
    public void apiKeyCallersNeedTheApiKeysScope() {
        ApiKeyIssued ciKey = issueForCi(null);
        Caller viaKey = new Caller("acme", "ci", Credential.API_KEY, ciKey.key().id(), null,
                Map.of("web", Role.DEVELOPER), READ_PROJECTS, false, null);
        assertThrows(AccessDeniedException.class, () -> service.revoke(viaKey, ciKey.key().id()));
        Caller withScope = new Caller("acme", "ci", Credential.API_KEY, ciKey.key().id(), null,
                Map.of("web", Role.DEVELOPER), Set.of("api-keys:*"), false, null);
        assertNotNull(service.revoke(withScope, ciKey.key().id()).revokedAt());
    }

    @Test
    public void nonAdminsListOnlyTheirOwnKeys() {
        issueForCi(null);
        issueForCi(null);
        service.issue(admin, "dev", "dev key", READ_PROJECTS, null);
        service.issue(admin, "admin", "admin key", Set.of("*"), null);

        assertEquals(4, service.list(admin, ApiKeyFilter.ALL, PageRequest.first()).items().size());
        assertEquals(2, service.list(admin, ApiKeyFilter.ALL.withOwner("ci"), PageRequest.first()).items().size());
        assertEquals(Set.of("dev"), owners(service.list(dev, ApiKeyFilter.ALL, PageRequest.first()).items()));
        assertEquals(Set.of("dev"), owners(service.list(dev, ApiKeyFilter.ALL.withOwner("admin"),
                PageRequest.first()).items()));
        assertEquals(Set.of("ci"), owners(service.list(ci, ApiKeyFilter.ALL, PageRequest.first()).items()));
        assertEquals(0, service.list(globexAdmin, ApiKeyFilter.ALL, PageRequest.first()).items().size());
    }

    private static Set<String> owners(List<ApiKeyRecord> list) {
        return list.stream().map(ApiKeyRecord::ownerId).collect(Collectors.toSet());
    }

    @Test
    public void inputIsValidated() {
        Instant now = clock.instant();
        List<Supplier<?>> bad = List.of(() -> service.issue(admin, "ci", "", READ_PROJECTS, null),
                () -> service.issue(admin, "ci", "x".repeat(101), READ_PROJECTS, null),
                () -> service.issue(admin, "ci", "ok", Set.of("projects:delete"), null),
                () -> service.issue(admin, "ci", "ok", Set.of("*:*"), null),
                () -> service.issue(admin, "ci", "ok", null, null),
                () -> service.issue(admin, "ci", "ok", READ_PROJECTS, now),
                () -> service.issue(admin, "ci", "ok", READ_PROJECTS, now.minusSeconds(1)),
                () -> service.issue(admin, "ci", "ok", READ_PROJECTS, now.plus(Duration.ofDays(5 * 366))),
                () -> service.issue(admin, null, "ok", READ_PROJECTS, null));
        for (Supplier<?> call : bad) {
            StoreException e = assertThrows(StoreException.class, call::get);
            assertEquals(e.getMessage(), StoreException.Kind.INVALID, e.kind());
        }
        assertEquals("x".repeat(100), service.issue(admin, "ci", "x".repeat(100), Set.of("*", "sessions:*"),
                now.plus(Duration.ofDays(5 * 365))).key().name());
        StoreException e = assertThrows(StoreException.class,
                () -> service.issue(admin, "nobody", "ok", READ_PROJECTS, null));
        assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    public void lastUseIsWrittenAtMostOncePerMinute() {
        ApiKeyIssued issued = issueForCi(null);
        for (int i = 0; i < 50; i++) {
            verifier.verify(issued.secret());
        }
        assertEquals(1, keys.useWrites.get());
        Instant first = clock.instant();
        assertEquals(first, keys.find("acme", issued.key().id()).orElseThrow().lastUsedAt());

        clock.advance(Duration.ofSeconds(59));
        verifier.verify(issued.secret());
        assertEquals(1, keys.useWrites.get());
        clock.advance(Duration.ofSeconds(1));
        verifier.verify(issued.secret());
        verifier.verify(issued.secret());
        assertEquals(2, keys.useWrites.get());
        assertEquals(clock.instant(), keys.find("acme", issued.key().id()).orElseThrow().lastUsedAt());

        ApiKeyVerifier restarted = new ApiKeyVerifier(keys, new ApiKeyCodec(ApiKeyCodecTest.HMAC_KEY), clock);
        restarted.verify(issued.secret());
        assertEquals("a fresh verifier trusts the stored time of last use", 2, keys.useWrites.get());
    }

    private static void assertNoSecret(AuditEvent event, ApiKeyIssued issued) {
        String secretPart = issued.secret().substring(issued.secret().lastIndexOf('.') + 1);
        String all = event.toString();
        assertFalse(all, all.contains(secretPart));
        assertFalse(all, all.contains(issued.key().digest()));
        assertFalse(all, all.contains("v1:"));
    }
}
