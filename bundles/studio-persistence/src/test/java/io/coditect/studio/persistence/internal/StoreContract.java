package io.coditect.studio.persistence.internal;

import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.store.StoreException.Kind;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageStore;
import io.coditect.studio.api.usage.UsageTotal;
import org.junit.Before;
import org.junit.Test;

/**
 * The behaviour every database must give the stores. Subclasses name the database; each test works
 * in organisations of its own, so tests share one database per class.
 */
public abstract class StoreContract {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String DIGEST = "v1:" + "ab".repeat(32);

    protected abstract TestDatabase database();

    protected TenancyStore tenancy;
    protected ApiKeyStore keys;
    protected SessionStore sessions;
    protected UsageStore usage;
    protected AuditLog audit;
    protected Transactions tx;
    protected MutableClock clock;

    @Before
    public void stores() {
        StudioDatabase db = database().db();
        tenancy = db.tenancy();
        keys = db.apiKeys();
        sessions = db.sessions();
        usage = db.usage();
        audit = db.audit();
        tx = db.transactions();
        clock = database().clock;
        clock.set(TestDatabase.START);
    }

    /** A new organisation id, unique in the database. */
    static String newOrgId(String base) {
        return base + "-" + SEQ.incrementAndGet();
    }

    private String org(String base) {
        String id = newOrgId(base);
        tenancy.createOrganisation(Organisation.of(id, "Org " + id));
        return id;
    }

    private static String prefix() {
        return "cdt" + SEQ.incrementAndGet() + "x";
    }

    static StoreException expect(Kind kind, Runnable call) {
        try {
            call.run();
        } catch (StoreException e) {
            assertEquals(e.getMessage(), kind, e.kind());
            return e;
        }
        throw new AssertionError("expected " + kind);
    }

    static void assertMentions(StoreException e, String... words) {
        for (String w : words) {
            assertTrue("'" + e.getMessage() + "' should mention '" + w + "'", e.getMessage().contains(w));
        }
    }

    private static <T> List<T> all(Function<PageRequest, Page<T>> listing, int pageSize) {
        List<T> items = new ArrayList<>();
        Page<T> page = listing.apply(PageRequest.first(pageSize));
        items.addAll(page.items());
        while (page.hasMore()) {
            page = listing.apply(PageRequest.after(page.nextCursor(), pageSize));
            items.addAll(page.items());
        }
        return items;
    }

    // ---------------------------------------------------------------- organisations

    @Test
    public void organisationsAreCreatedReadRenamedAndDeleted() {
        String id = newOrgId("crud");
        Organisation created = tenancy.createOrganisation(Organisation.of(id, "  Crud Ltd  "));
        assertEquals("Crud Ltd", created.name());
        assertEquals(TestDatabase.START, created.createdAt());
        assertEquals(created, tenancy.findOrganisation(id).orElseThrow());

        Organisation renamed = tenancy.updateOrganisation(created.withName("Crud plc"));
        assertEquals("Crud plc", renamed.name());
        assertEquals(TestDatabase.START, renamed.createdAt());
        assertEquals("Crud plc", tenancy.findOrganisation(id).orElseThrow().name());

        assertTrue(tenancy.deleteOrganisation(id));
        assertTrue(tenancy.findOrganisation(id).isEmpty());
        assertFalse(tenancy.deleteOrganisation(id));
        expect(Kind.NOT_FOUND, () -> tenancy.updateOrganisation(renamed));
    }

    @Test
    public void organisationInputIsValidatedWithActionableMessages() {
        assertMentions(expect(Kind.INVALID, () -> tenancy.createOrganisation(Organisation.of("Acme", "Acme"))),
                "'Acme'", "lower-case");
        assertMentions(expect(Kind.INVALID, () -> tenancy.createOrganisation(Organisation.of("../etc", "x"))),
                "../etc");
        assertMentions(expect(Kind.INVALID, () -> tenancy.createOrganisation(Organisation.of(null, "x"))),
                "missing");
        assertMentions(expect(Kind.INVALID, () -> tenancy.createOrganisation(Organisation.of(newOrgId("v"), " "))),
                "organisation name", "missing");
        assertMentions(expect(Kind.INVALID, () -> tenancy.createOrganisation(Organisation.of(newOrgId("v"),
                "x".repeat(201)))), "201", "200");
        assertMentions(expect(Kind.INVALID, () -> tenancy.createOrganisation(Organisation.of(newOrgId("v"),
                "bad\u0000name"))), "control character");
        expect(Kind.INVALID, () -> tenancy.createOrganisation(null));
    }

    @Test
    public void aTakenOrganisationIdIsAConflictAndChangesNothing() {
        String id = org("dup");
        Organisation before = tenancy.findOrganisation(id).orElseThrow();
        assertMentions(expect(Kind.CONFLICT, () -> tenancy.createOrganisation(Organisation.of(id, "Someone else"))),
                id, "taken");
        assertEquals(before, tenancy.findOrganisation(id).orElseThrow());
    }

    @Test
    public void organisationsAreListedInPagesWithATextFilter() {
        String token = "lst" + SEQ.incrementAndGet();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String id = newOrgId(token);
            tenancy.createOrganisation(Organisation.of(id, "Listed " + i));
            ids.add(id);
        }
        List<Organisation> found = all(p -> tenancy.listOrganisations(token, p), 2);
        assertEquals(ids, found.stream().map(Organisation::id).collect(java.util.stream.Collectors.toSet()));
        Page<Organisation> first = tenancy.listOrganisations(token, PageRequest.first(2));
        assertEquals(5, first.total());
        assertEquals(2, first.items().size());
        assertTrue(first.hasMore());
    }

    // ---------------------------------------------------------------- teams

    @Test
    public void teamsArePagedInIdOrderWithTotalsAndFilters() {
        String org = org("teams");
        for (String id : List.of("t5", "t1", "t3", "t7", "t2", "t6", "t4")) {
            tenancy.createTeam(Team.of(org, id, id.equals("t3") ? "Platform" : "Team " + id));
        }
        Page<Team> p1 = tenancy.listTeams(org, null, PageRequest.first(3));
        assertEquals(List.of("t1", "t2", "t3"), p1.items().stream().map(Team::id).toList());
        assertEquals(7, p1.total());
        Page<Team> p2 = tenancy.listTeams(org, null, PageRequest.after(p1.nextCursor(), 3));
        assertEquals(List.of("t4", "t5", "t6"), p2.items().stream().map(Team::id).toList());
        Page<Team> p3 = tenancy.listTeams(org, null, PageRequest.after(p2.nextCursor(), 3));
        assertEquals(List.of("t7"), p3.items().stream().map(Team::id).toList());
        assertFalse(p3.hasMore());
        assertNull(p3.nextCursor());
        assertEquals(7, p3.total());

        Page<Team> filtered = tenancy.listTeams(org, "PLAT", PageRequest.first());
        assertEquals(List.of("t3"), filtered.items().stream().map(Team::id).toList());
        assertEquals(1, filtered.total());
        assertEquals(0, tenancy.listTeams(org, "100%_", PageRequest.first()).total());
    }

    @Test
    public void teamsAreUniqueWithinTheirOrganisationOnly() {
        String a = org("ta");
        String b = org("tb");
        Team core = tenancy.createTeam(Team.of(a, "core", "Core A"));
        tenancy.createTeam(Team.of(b, "core", "Core B"));
        assertMentions(expect(Kind.CONFLICT, () -> tenancy.createTeam(Team.of(a, "core", "Again"))), "core", a);
        assertEquals(core, tenancy.findTeam(a, "core").orElseThrow());
        assertEquals("Core B", tenancy.findTeam(b, "core").orElseThrow().name());
        assertMentions(expect(Kind.NOT_FOUND, () -> tenancy.createTeam(Team.of(newOrgId("none"), "core", "x"))),
                "organisation");
        assertEquals("Core A2", tenancy.updateTeam(core.withName("Core A2")).name());
    }

    @Test
    public void pagingNeitherSkipsNorRepeatsWhileItemsAreAddedAndRemoved() {
        String org = org("stable");
        for (String id : List.of("b", "d", "f", "h")) {
            tenancy.createTeam(Team.of(org, id, id));
        }
        Page<Team> p1 = tenancy.listTeams(org, null, PageRequest.first(2));
        assertEquals(List.of("b", "d"), p1.items().stream().map(Team::id).toList());
        tenancy.createTeam(Team.of(org, "a", "a"));
        tenancy.createTeam(Team.of(org, "e", "e"));
        tenancy.deleteTeam(org, "d");
        Page<Team> p2 = tenancy.listTeams(org, null, PageRequest.after(p1.nextCursor(), 10));
        assertEquals(List.of("e", "f", "h"), p2.items().stream().map(Team::id).toList());
    }

    @Test
    public void badCursorsAndLimitsAreInvalid() {
        String org = org("cursor");
        tenancy.createTeam(Team.of(org, "x1", "x"));
        tenancy.createTeam(Team.of(org, "x2", "x"));
        assertMentions(expect(Kind.INVALID, () -> tenancy.listTeams(org, null, PageRequest.after("!!not-base64", 5))),
                "cursor");
        String projectCursor = tenancy.listTeams(org, null, PageRequest.first(1)).nextCursor();
        expect(Kind.INVALID, () -> tenancy.listProjects(org, null, PageRequest.after(projectCursor, 5)));
        expect(Kind.INVALID, () -> sessions.list(org, null, PageRequest.after(projectCursor, 5)));
        assertMentions(expect(Kind.INVALID, () -> PageRequest.first(0)), "1 to 500");
        expect(Kind.INVALID, () -> PageRequest.first(501));
    }

    // ---------------------------------------------------------------- users

    @Test
    public void usersHaveUniqueNormalisedEmails() {
        String org = org("users");
        User ann = tenancy.createUser(User.of(org, "ann", "  Ann@Example.COM ", "Ann"));
        assertEquals("ann@example.com", ann.email());
        assertFalse(ann.disabled());
        assertEquals(ann, tenancy.findUserByEmail(org, "ANN@example.com").orElseThrow());

        assertMentions(expect(Kind.CONFLICT, () -> tenancy.createUser(User.of(org, "ann2", "ann@EXAMPLE.com", "A"))),
                "ann@example.com", "'ann'");
        assertTrue(tenancy.findUser(org, "ann2").isEmpty());
        expect(Kind.CONFLICT, () -> tenancy.createUser(User.of(org, "ann", "other@example.com", "A")));
        assertMentions(expect(Kind.INVALID, () -> tenancy.createUser(User.of(org, "bob", "bob.example.com", "Bob"))),
                "name@domain");

        User bob = tenancy.createUser(User.of(org, "bob", "bob@example.com", "Bob"));
        expect(Kind.CONFLICT, () -> tenancy.updateUser(bob.withEmail("ann@example.com")));
        assertEquals(bob, tenancy.findUser(org, "bob").orElseThrow());

        User changed = tenancy.updateUser(bob.withDisplayName("Robert").withDisabled(true)
                .withEmail("Robert@Example.com"));
        assertEquals("robert@example.com", changed.email());
        assertTrue(changed.disabled());
        assertEquals(changed, tenancy.findUser(org, "bob").orElseThrow());
        // another organisation may use the same address
        String other = org("users-other");
        tenancy.createUser(User.of(other, "ann", "ann@example.com", "Other Ann"));
    }

    @Test
    public void usersAreFilteredByTextTeamAndState() {
        String org = org("ufilter");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann Smith"));
        tenancy.createUser(User.of(org, "bob", "bob@example.com", "Bob Jones"));
        User cid = tenancy.createUser(User.of(org, "cid", "cid@corp.example", "Cid Smith"));
        tenancy.updateUser(cid.withDisabled(true));
        tenancy.grant(org, "bob", "core", Role.DEVELOPER);

        assertEquals(List.of("ann", "cid"), ids(tenancy.listUsers(org, UserFilter.ALL.withText("smith"), null)));
        assertEquals(List.of("cid"), ids(tenancy.listUsers(org, UserFilter.ALL.withText("CORP"), null)));
        assertEquals(List.of("bob"), ids(tenancy.listUsers(org, UserFilter.ALL.withTeam("core"), null)));
        assertEquals(List.of("cid"), ids(tenancy.listUsers(org, UserFilter.ALL.withDisabled(true), null)));
        assertEquals(List.of("ann", "bob"), ids(tenancy.listUsers(org, UserFilter.ALL.withDisabled(false), null)));
        assertEquals(3, tenancy.listUsers(org, null, PageRequest.first(1)).total());
    }

    private static List<String> ids(Page<User> page) {
        return page.items().stream().map(User::id).toList();
    }

    @Test
    public void passwordHashesAreKeptButNeverPartOfTheUser() {
        String org = org("pw");
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        assertTrue(tenancy.findPasswordHash(org, "ann").isEmpty());
        String phc = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
        tenancy.setPasswordHash(org, "ann", phc);
        assertEquals(phc, tenancy.findPasswordHash(org, "ann").orElseThrow());
        assertFalse(tenancy.findUser(org, "ann").orElseThrow().toString().contains("argon2"));
        expect(Kind.INVALID, () -> tenancy.setPasswordHash(org, "ann", "has blanks"));
        assertEquals(phc, tenancy.findPasswordHash(org, "ann").orElseThrow());
        expect(Kind.NOT_FOUND, () -> tenancy.setPasswordHash(org, "nobody", phc));
        tenancy.setPasswordHash(org, "ann", null);
        assertTrue(tenancy.findPasswordHash(org, "ann").isEmpty());
    }

    @Test
    public void deletingAUserTakesItsRolesAndKeysButNotItsHistory() {
        String org = org("deluser");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        tenancy.grant(org, "ann", "core", Role.DEVELOPER);
        ApiKeyRecord key = keys.create(ApiKeyRecord.of(org, "ann", "ci", prefix(), DIGEST, Set.of(), null));
        SessionRecord s = sessions.create(SessionRecord.of(org, "core", "ann", null, SessionKind.BATCH, null));
        usage.record(usageOf(org, "core", "ann", null, "offline", "m", 10, 5, "0.01", null));

        assertTrue(tenancy.deleteUser(org, "ann"));
        assertTrue(tenancy.findUser(org, "ann").isEmpty());
        assertTrue(tenancy.findMembership(org, "ann", "core").isEmpty());
        assertTrue(keys.find(org, key.id()).isEmpty());
        assertEquals("ann", sessions.find(org, s.id()).orElseThrow().userId());
        assertEquals(1, usage.list(org, UsageFilter.ALL.withUser("ann"), null).total());
        assertFalse(tenancy.deleteUser(org, "ann"));
    }

    // ---------------------------------------------------------------- memberships

    @Test
    public void rolesAreGrantedPerScopeReplacedAndRevoked() {
        String org = org("roles");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createTeam(Team.of(org, "data", "Data"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        tenancy.createUser(User.of(org, "bob", "bob@example.com", "Bob"));

        Membership admin = tenancy.grant(org, "ann", null, Role.ORG_ADMIN);
        assertTrue(admin.isOrganisationWide());
        tenancy.grant(org, "ann", "core", Role.TEAM_ADMIN);
        tenancy.grant(org, "bob", "core", Role.DEVELOPER);
        tenancy.grant(org, "bob", "data", Role.ANALYST);
        clock.advance(Duration.ofMinutes(5));
        Membership lead = tenancy.grant(org, "bob", "core", Role.PROJECT_LEAD);
        assertEquals(Role.PROJECT_LEAD, lead.role());
        assertEquals(TestDatabase.START.plus(Duration.ofMinutes(5)), lead.grantedAt());
        assertEquals(Role.PROJECT_LEAD, tenancy.findMembership(org, "bob", "core").orElseThrow().role());

        assertMentions(expect(Kind.INVALID, () -> tenancy.grant(org, "bob", null, Role.DEVELOPER)),
                "DEVELOPER", "team");
        assertMentions(expect(Kind.INVALID, () -> tenancy.grant(org, "bob", "core", Role.BILLING_ADMIN)),
                "BILLING_ADMIN", "whole organisation");
        assertMentions(expect(Kind.NOT_FOUND, () -> tenancy.grant(org, "cid", "core", Role.DEVELOPER)), "cid");
        assertMentions(expect(Kind.NOT_FOUND, () -> tenancy.grant(org, "bob", "ops", Role.DEVELOPER)), "ops");
        expect(Kind.INVALID, () -> tenancy.grant(org, "bob", "core", null));

        List<Membership> all = tenancy.listMemberships(org, null, null).items();
        assertEquals(List.of("ann/*", "ann/core", "bob/core", "bob/data"), all.stream()
                .map(m -> m.userId() + "/" + (m.teamId() == null ? "*" : m.teamId())).toList());
        assertEquals(2, tenancy.listMemberships(org, MembershipFilter.ALL.withTeam("core"), null).total());
        assertEquals(2, tenancy.listMemberships(org, MembershipFilter.ALL.withUser("bob"), null).total());
        assertEquals(List.of(Role.ANALYST), tenancy.listMemberships(org, MembershipFilter.ALL.withRole(Role.ANALYST),
                null).items().stream().map(Membership::role).toList());
        assertEquals(2, all(p -> tenancy.listMemberships(org, MembershipFilter.ALL.withUser("ann"), p), 1).size());

        assertTrue(tenancy.revoke(org, "bob", "data"));
        assertFalse(tenancy.revoke(org, "bob", "data"));
        assertTrue(tenancy.findMembership(org, "bob", "data").isEmpty());
        assertTrue(tenancy.revoke(org, "ann", null));
        assertTrue(tenancy.findMembership(org, "ann", null).isEmpty());
        assertTrue(tenancy.findMembership(org, "ann", "core").isPresent());

        assertTrue(tenancy.deleteTeam(org, "core"));
        assertEquals(0, tenancy.listMemberships(org, null, null).total());
    }

    // ---------------------------------------------------------------- projects

    @Test
    public void projectsBelongToTeamsAndBlockTheirDeletion() {
        String org = org("proj");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createTeam(Team.of(org, "data", "Data"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));

        Project web = tenancy.createProject(Project.of(org, "web", "core", "Web app").withDescription("line 1\nline 2")
                .withCreatedBy("ann"));
        assertEquals("line 1\nline 2", web.description());
        assertEquals("ann", web.createdBy());
        tenancy.createProject(Project.of(org, "api", "core", "Public API"));
        tenancy.createProject(Project.of(org, "etl", "data", "Pipelines"));
        assertMentions(expect(Kind.NOT_FOUND, () -> tenancy.createProject(Project.of(org, "x", "ops", "X"))), "ops");
        assertMentions(expect(Kind.NOT_FOUND, () -> tenancy.createProject(Project.of(org, "x", "core", "X")
                .withCreatedBy("nobody"))), "nobody");
        assertMentions(expect(Kind.CONFLICT, () -> tenancy.createProject(Project.of(org, "web", "data", "Again"))),
                "web");
        assertEquals(web, tenancy.findProject(org, "web").orElseThrow());

        assertEquals(List.of("api", "web"), tenancy.listProjects(org, ProjectFilter.ALL.withTeam("core"), null)
                .items().stream().map(Project::id).toList());
        assertEquals(List.of("etl"), tenancy.listProjects(org, ProjectFilter.ALL.withText("pipe"), null).items()
                .stream().map(Project::id).toList());

        assertMentions(expect(Kind.CONFLICT, () -> tenancy.deleteTeam(org, "data")), "etl", "move");
        assertTrue(tenancy.findTeam(org, "data").isPresent());

        Project moved = tenancy.updateProject(tenancy.findProject(org, "etl").orElseThrow().withTeam("core")
                .withName("ETL").withDescription(null));
        assertEquals("core", moved.teamId());
        assertNull(moved.description());
        expect(Kind.NOT_FOUND, () -> tenancy.updateProject(moved.withTeam("ops")));
        assertTrue(tenancy.deleteTeam(org, "data"));

        assertTrue(tenancy.deleteProject(org, "etl"));
        assertFalse(tenancy.deleteProject(org, "etl"));
        assertTrue(tenancy.findProject(org, "etl").isEmpty());
    }

    @Test
    public void deletingAnOrganisationRemovesEverythingButItsHistory() {
        String org = org("gone");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        tenancy.grant(org, "ann", null, Role.ORG_ADMIN);
        tenancy.createProject(Project.of(org, "web", "core", "Web"));
        ApiKeyRecord key = keys.create(ApiKeyRecord.of(org, "ann", "ci", prefix(), DIGEST, Set.of("read"), null));
        SessionRecord s = sessions.create(SessionRecord.of(org, "core", "ann", "web", SessionKind.INTERACTIVE, "t"));
        CheckpointRecord cp = sessions.addCheckpoint(CheckpointRecord.of(org, s.id(), "a".repeat(40), "m", "ann"));
        usage.record(usageOf(org, "core", "ann", "web", "offline", "m", 1, 1, "0", null));
        audit.append(AuditEvent.of(org, "ann", "org.create", null, AuditOutcome.SUCCESS, null, null));

        assertTrue(tenancy.deleteOrganisation(org));
        assertTrue(tenancy.findTeam(org, "core").isEmpty());
        assertTrue(tenancy.findUser(org, "ann").isEmpty());
        assertTrue(tenancy.findProject(org, "web").isEmpty());
        assertTrue(keys.find(org, key.id()).isEmpty());
        assertTrue(sessions.find(org, s.id()).isEmpty());
        assertTrue(sessions.findCheckpoint(org, cp.id()).isEmpty());
        assertEquals(0, tenancy.listMemberships(org, null, null).total());
        assertEquals(1, usage.list(org, null, null).total());
        assertEquals(1, audit.query(org, null, null).total());
    }

    // ---------------------------------------------------------------- tenant isolation

    @Test
    public void anOrganisationNeverSeesOrChangesAnotherOnesObjects() {
        String a = org("iso-a");
        String b = org("iso-b");
        // the same slugs in both, plus objects only A has
        for (String org : List.of(a, b)) {
            tenancy.createTeam(Team.of(org, "core", "Core of " + org));
            tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann of " + org));
            tenancy.grant(org, "ann", "core", Role.TEAM_ADMIN);
            tenancy.createProject(Project.of(org, "web", "core", "Web of " + org));
        }
        tenancy.createTeam(Team.of(a, "secret", "Secret"));
        tenancy.createUser(User.of(a, "eve", "eve@example.com", "Eve"));
        tenancy.grant(a, "eve", "secret", Role.DEVELOPER);
        tenancy.grant(a, "eve", null, Role.BILLING_ADMIN);
        tenancy.createProject(Project.of(a, "hidden", "secret", "Hidden"));
        tenancy.setPasswordHash(a, "eve", "hash-of-eve");
        String aPrefix = prefix();
        ApiKeyRecord aKey = keys.create(ApiKeyRecord.of(a, "eve", "eve's key", aPrefix, DIGEST, Set.of(), null));
        SessionRecord aSession = sessions.create(SessionRecord.of(a, "secret", "eve", "hidden", SessionKind.BATCH,
                "secret work"));
        CheckpointRecord aCheckpoint = sessions.addCheckpoint(CheckpointRecord.of(a, aSession.id(), "b".repeat(40),
                "secret", "eve"));
        usage.record(usageOf(a, "secret", "eve", "hidden", "offline", "m", 1000, 1000, "5", null));
        audit.append(AuditEvent.of(a, "eve", "project.create", "project/hidden", AuditOutcome.SUCCESS, "10.0.0.1",
                null));

        // same ids resolve to B's own objects
        assertEquals("Core of " + b, tenancy.findTeam(b, "core").orElseThrow().name());
        assertEquals("Ann of " + b, tenancy.findUser(b, "ann").orElseThrow().displayName());
        assertEquals("Web of " + b, tenancy.findProject(b, "web").orElseThrow().name());
        assertEquals(b, tenancy.findUserByEmail(b, "ann@example.com").orElseThrow().orgId());

        // A's own ids are unknown to B, as if they did not exist
        assertTrue(tenancy.findTeam(b, "secret").isEmpty());
        assertTrue(tenancy.findUser(b, "eve").isEmpty());
        assertTrue(tenancy.findUserByEmail(b, "eve@example.com").isEmpty());
        assertTrue(tenancy.findProject(b, "hidden").isEmpty());
        assertTrue(tenancy.findMembership(b, "eve", "secret").isEmpty());
        assertTrue(tenancy.findMembership(b, "eve", null).isEmpty());
        assertTrue(tenancy.findPasswordHash(b, "eve").isEmpty());
        assertTrue(keys.find(b, aKey.id()).isEmpty());
        assertTrue(keys.findByPrefix(b, aPrefix).isEmpty());
        assertTrue(sessions.find(b, aSession.id()).isEmpty());
        assertTrue(sessions.findCheckpoint(b, aCheckpoint.id()).isEmpty());
        assertEquals(0, sessions.listCheckpoints(b, aSession.id(), null).total());
        assertEquals(0, sessions.listProjectCheckpoints(b, "hidden", null).total());

        // B's listings hold only B's objects
        assertEquals(List.of("core"), tenancy.listTeams(b, null, null).items().stream().map(Team::id).toList());
        assertEquals(List.of("ann"), ids(tenancy.listUsers(b, null, null)));
        assertEquals(0, tenancy.listUsers(b, UserFilter.ALL.withTeam("secret"), null).total());
        assertEquals(List.of("web"), tenancy.listProjects(b, null, null).items().stream().map(Project::id).toList());
        assertEquals(1, tenancy.listMemberships(b, null, null).total());
        assertTrue(tenancy.listMemberships(b, null, null).items().stream().allMatch(m -> m.orgId().equals(b)));
        assertEquals(0, keys.list(b, null, null).total());
        assertEquals(0, sessions.list(b, null, null).total());
        assertEquals(0, usage.list(b, null, null).total());
        assertEquals(List.of(), usage.aggregate(b, UsageFilter.ALL, UsageDimension.USER));
        assertEquals(0, audit.query(b, null, null).total());
        assertEquals(0, audit.query(b, AuditFilter.ALL.withActor("eve"), null).total());

        // B cannot change or remove A's objects, and trying leaves them as they were
        expect(Kind.NOT_FOUND, () -> tenancy.updateTeam(Team.of(b, "secret", "Mine now")));
        expect(Kind.NOT_FOUND, () -> tenancy.updateUser(User.of(b, "eve", "eve@example.com", "Mine")));
        expect(Kind.NOT_FOUND, () -> tenancy.updateProject(Project.of(b, "hidden", "core", "Mine")));
        expect(Kind.NOT_FOUND, () -> tenancy.grant(b, "eve", "core", Role.DEVELOPER));
        expect(Kind.NOT_FOUND, () -> tenancy.grant(b, "ann", "secret", Role.DEVELOPER));
        expect(Kind.NOT_FOUND, () -> tenancy.createProject(Project.of(b, "x", "secret", "X")));
        expect(Kind.NOT_FOUND, () -> tenancy.setPasswordHash(b, "eve", "stolen"));
        assertFalse(tenancy.revoke(b, "eve", "secret"));
        assertFalse(tenancy.deleteTeam(b, "secret"));
        assertFalse(tenancy.deleteUser(b, "eve"));
        assertFalse(tenancy.deleteProject(b, "hidden"));
        expect(Kind.NOT_FOUND, () -> keys.revoke(b, aKey.id()));
        assertFalse(keys.recordUse(b, aKey.id(), clock.instant()));
        expect(Kind.NOT_FOUND, () -> keys.rotate(b, aKey.id(), ApiKeyRecord.of(b, "ann", "x", prefix(), DIGEST,
                Set.of(), null), Duration.ZERO));
        expect(Kind.NOT_FOUND, () -> keys.create(ApiKeyRecord.of(b, "eve", "x", prefix(), DIGEST, Set.of(), null)));
        expect(Kind.NOT_FOUND, () -> sessions.updateState(b, aSession.id(), SessionState.STOPPED));
        assertFalse(sessions.touch(b, aSession.id()));
        expect(Kind.NOT_FOUND, () -> sessions.addCheckpoint(CheckpointRecord.of(b, aSession.id(), "c".repeat(40), null,
                null)));
        expect(Kind.NOT_FOUND, () -> sessions.create(SessionRecord.of(b, "secret", "ann", null, SessionKind.BATCH,
                null)));
        expect(Kind.NOT_FOUND, () -> sessions.create(SessionRecord.of(b, "core", "eve", null, SessionKind.BATCH,
                null)));
        expect(Kind.NOT_FOUND, () -> sessions.create(SessionRecord.of(b, "core", "ann", "hidden", SessionKind.BATCH,
                null)));

        assertEquals("Secret", tenancy.findTeam(a, "secret").orElseThrow().name());
        assertEquals("Eve", tenancy.findUser(a, "eve").orElseThrow().displayName());
        assertEquals("hash-of-eve", tenancy.findPasswordHash(a, "eve").orElseThrow());
        assertEquals(Role.DEVELOPER, tenancy.findMembership(a, "eve", "secret").orElseThrow().role());
        assertNull(keys.find(a, aKey.id()).orElseThrow().revokedAt());
        assertNull(keys.find(a, aKey.id()).orElseThrow().lastUsedAt());
        assertEquals(SessionState.STARTING, sessions.find(a, aSession.id()).orElseThrow().state());
        assertEquals(1, sessions.listCheckpoints(a, aSession.id(), null).total());
        assertEquals(3, tenancy.listMemberships(a, null, null).total());
    }

    @Test
    public void malformedIdsFindNothing() {
        String org = org("malformed");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        for (String bad : new String[] {null, "", "CORE", "../core", "core/..", "core%2F", "c ore", "core\u0000"}) {
            assertTrue(tenancy.findTeam(org, bad).isEmpty());
            assertTrue(tenancy.findTeam(bad, "core").isEmpty());
            assertTrue(tenancy.findOrganisation(bad).isEmpty());
            assertTrue(sessions.find(org, bad).isEmpty());
            assertTrue(keys.find(bad, "x").isEmpty());
            assertEquals(0, tenancy.listTeams(bad, null, null).total());
            assertEquals(0, audit.query(bad, null, null).total());
        }
        String nul = "core\u0000";
        assertTrue(tenancy.findUserByEmail(org, "ann\u0000@example.com").isEmpty());
        assertEquals(0, tenancy.listTeams(org, nul, null).total());
        assertEquals(0, tenancy.listUsers(org, UserFilter.ALL.withTeam(nul).withText(nul), null).total());
        assertEquals(0, sessions.list(org, SessionFilter.ALL.withTeam(nul), null).total());
        assertEquals(0, audit.query(org, AuditFilter.ALL.withActor(nul).withAction(nul), null).total());
        assertEquals(List.of(), usage.aggregate(org, UsageFilter.ALL.withTeam(nul), UsageDimension.TEAM));
    }

    // ---------------------------------------------------------------- transactions

    @Test
    public void aFailedMultiStepWriteRollsBackEveryStep() {
        String org = org("rollback");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createProject(Project.of(org, "web", "core", "Web"));
        StoreException e = expect(Kind.CONFLICT, () -> tx.run(() -> {
            tenancy.createTeam(Team.of(org, "new-team", "New"));
            tenancy.createProject(Project.of(org, "new-project", "new-team", "New"));
            tenancy.updateProject(tenancy.findProject(org, "web").orElseThrow().withName("Renamed"));
            audit.append(AuditEvent.of(org, "ann", "team.create", "team/new-team", AuditOutcome.SUCCESS, null, null));
            tenancy.createProject(Project.of(org, "web", "new-team", "Duplicate"));
        }));
        assertMentions(e, "web");
        assertTrue(tenancy.findTeam(org, "new-team").isEmpty());
        assertTrue(tenancy.findProject(org, "new-project").isEmpty());
        assertEquals("Web", tenancy.findProject(org, "web").orElseThrow().name());
        assertEquals(0, audit.query(org, null, null).total());
    }

    @Test
    public void theCallersOwnExceptionRollsBackAndPassesUnchanged() {
        String org = org("own");
        IllegalStateException boom = new IllegalStateException("boom");
        try {
            tx.run(() -> {
                tenancy.createTeam(Team.of(org, "core", "Core"));
                throw boom;
            });
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e == boom);
        }
        assertTrue(tenancy.findTeam(org, "core").isEmpty());
    }

    @Test
    public void aCaughtFailureInsideATransactionStillRollsItBack() {
        String org = org("caught");
        expect(Kind.CONFLICT, () -> tx.run(() -> {
            tenancy.createTeam(Team.of(org, "core", "Core"));
            try {
                tenancy.createTeam(Team.of(org, "core", "Core again"));
            } catch (StoreException ignored) {
                // carrying on must not commit half a change
            }
        }));
        assertTrue(tenancy.findTeam(org, "core").isEmpty());
    }

    @Test
    public void aTransactionCommitsAllItsStepsAndReturnsTheResult() {
        String org = org("commit");
        Project p = tx.call(() -> {
            tenancy.createTeam(Team.of(org, "core", "Core"));
            tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
            tenancy.grant(org, "ann", "core", Role.PROJECT_LEAD);
            // reads inside see the writes before them
            assertTrue(tenancy.findTeam(org, "core").isPresent());
            return tx.call(() -> tenancy.createProject(Project.of(org, "web", "core", "Web").withCreatedBy("ann")));
        });
        assertEquals("web", p.id());
        assertTrue(tenancy.findProject(org, "web").isPresent());
        assertEquals(Role.PROJECT_LEAD, tenancy.findMembership(org, "ann", "core").orElseThrow().role());
    }

    @Test
    public void concurrentCreatesOfOneIdHaveExactlyOneWinner() throws Exception {
        String org = org("race");
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        tenancy.createTeam(Team.of(org, "contended", "Winner " + n));
                        return "created";
                    } catch (StoreException e) {
                        return e.kind().name();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            assertEquals(outcomes.toString(), 1, outcomes.stream().filter("created"::equals).count());
            assertEquals(outcomes.toString(), threads - 1, outcomes.stream().filter("CONFLICT"::equals).count());
            assertEquals(1, tenancy.listTeams(org, null, null).total());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- API keys

    @Test
    public void apiKeysAreStoredByDigestAndFoundByPrefix() {
        String org = org("keys");
        tenancy.createUser(User.of(org, "ci", "ci@example.com", "CI bot"));
        String p1 = prefix();
        Instant expiry = TestDatabase.START.plus(Duration.ofDays(30));
        ApiKeyRecord k1 = keys.create(ApiKeyRecord.of(org, "ci", "pipeline", p1, DIGEST, Set.of("sessions:write",
                "projects:read"), expiry));
        assertNotNull(k1.id());
        assertEquals(36, k1.id().length());
        assertEquals(Set.of("sessions:write", "projects:read"), k1.scopes());
        assertEquals(DIGEST, k1.digest());
        assertEquals(expiry, k1.expiresAt());
        assertEquals(TestDatabase.START, k1.createdAt());
        assertNull(k1.lastUsedAt());
        assertTrue(k1.isActive(clock.instant()));
        assertEquals(k1, keys.findByPrefix(org, p1).orElseThrow());
        assertEquals(k1, keys.find(org, k1.id()).orElseThrow());

        clock.advance(Duration.ofMinutes(1));
        ApiKeyRecord k2 = keys.create(ApiKeyRecord.of(org, "ci", "no scopes", prefix(), DIGEST, null, null));
        assertEquals(Set.of(), k2.scopes());
        assertEquals(List.of(k2.id(), k1.id()), keys.list(org, null, null).items().stream().map(ApiKeyRecord::id)
                .toList());

        Instant used = clock.instant().plusSeconds(10);
        assertTrue(keys.recordUse(org, k1.id(), used));
        assertTrue(keys.recordUse(org, k1.id(), used.minusSeconds(5)));
        assertEquals(used, keys.find(org, k1.id()).orElseThrow().lastUsedAt());
        assertFalse(keys.recordUse(org, "0190b3c2-0000-7000-8000-000000000000", used));

        ApiKeyRecord revoked = keys.revoke(org, k2.id());
        assertEquals(clock.instant(), revoked.revokedAt());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(revoked.revokedAt(), keys.revoke(org, k2.id()).revokedAt());
        assertFalse(revoked.isActive(clock.instant()));
        assertEquals(List.of(k1.id()), keys.list(org, ApiKeyFilter.ALL.withActiveOnly(true), null).items().stream()
                .map(ApiKeyRecord::id).toList());
        clock.set(expiry);
        assertEquals(0, keys.list(org, ApiKeyFilter.ALL.withActiveOnly(true), null).total());
        assertEquals(2, keys.list(org, ApiKeyFilter.ALL.withOwner("ci"), null).total());
        assertEquals(0, keys.list(org, ApiKeyFilter.ALL.withOwner("nobody"), null).total());
    }

    @Test
    public void apiKeyInputIsValidated() {
        String org = org("keyval");
        String other = org("keyval-other");
        tenancy.createUser(User.of(org, "ci", "ci@example.com", "CI"));
        tenancy.createUser(User.of(other, "ci", "ci@example.com", "CI"));
        String taken = prefix();
        keys.create(ApiKeyRecord.of(org, "ci", "k", taken, DIGEST, Set.of(), null));
        assertMentions(expect(Kind.CONFLICT, () -> keys.create(ApiKeyRecord.of(other, "ci", "k", taken, DIGEST,
                Set.of(), null))), "prefix", "taken");
        assertEquals(0, keys.list(other, null, null).total());
        expect(Kind.NOT_FOUND, () -> keys.create(ApiKeyRecord.of(org, "nobody", "k", prefix(), DIGEST, Set.of(),
                null)));
        assertMentions(expect(Kind.INVALID, () -> keys.create(ApiKeyRecord.of(org, "ci", "k", "a b", DIGEST, Set.of(),
                null))), "prefix");
        assertMentions(expect(Kind.INVALID, () -> keys.create(ApiKeyRecord.of(org, "ci", "k", prefix(), "short",
                Set.of(), null))), "digest", "never the secret");
        assertMentions(expect(Kind.INVALID, () -> keys.create(ApiKeyRecord.of(org, "ci", "k", prefix(), DIGEST,
                Set.of("Has Space"), null))), "scope");
        assertMentions(expect(Kind.INVALID, () -> keys.create(ApiKeyRecord.of(org, "ci", "k", prefix(), DIGEST,
                Set.of(), clock.instant()))), "future");
        expect(Kind.INVALID, () -> keys.create(ApiKeyRecord.of(org, "ci", " ", prefix(), DIGEST, Set.of(), null)));
        assertEquals(1, keys.list(org, null, null).total());
    }

    @Test
    public void rotationReplacesAKeyWithAnOverlapInOneTransaction() {
        String org = org("rotate");
        tenancy.createUser(User.of(org, "ci", "ci@example.com", "CI"));
        ApiKeyRecord old = keys.create(ApiKeyRecord.of(org, "ci", "v1", prefix(), DIGEST, Set.of("read"), null));
        String newPrefix = prefix();
        ApiKeyRecord replacement = keys.rotate(org, old.id(), ApiKeyRecord.of(null, null, "v2", newPrefix,
                "v1:" + "cd".repeat(32), Set.of("read"), null), Duration.ofHours(24));
        assertEquals("ci", replacement.ownerId());
        assertEquals(org, replacement.orgId());
        assertEquals(clock.instant().plus(Duration.ofHours(24)), keys.find(org, old.id()).orElseThrow().expiresAt());
        assertTrue(keys.find(org, old.id()).orElseThrow().isActive(clock.instant().plus(Duration.ofHours(23))));
        assertFalse(keys.find(org, old.id()).orElseThrow().isActive(clock.instant().plus(Duration.ofHours(24))));

        // a failing rotation (taken prefix) keeps the old key's expiry and adds nothing
        ApiKeyRecord before = keys.find(org, replacement.id()).orElseThrow();
        expect(Kind.CONFLICT, () -> keys.rotate(org, replacement.id(), ApiKeyRecord.of(org, "ci", "v3", newPrefix,
                DIGEST, Set.of(), null), Duration.ofHours(1)));
        assertEquals(before, keys.find(org, replacement.id()).orElseThrow());
        assertEquals(2, keys.list(org, null, null).total());

        expect(Kind.INVALID, () -> keys.rotate(org, replacement.id(), ApiKeyRecord.of(org, "someone-else", "v3",
                prefix(), DIGEST, Set.of(), null), Duration.ofHours(1)));
        expect(Kind.INVALID, () -> keys.rotate(org, replacement.id(), ApiKeyRecord.of(org, "ci", "v3", prefix(),
                DIGEST, Set.of(), null), Duration.ofHours(-1)));
        keys.revoke(org, replacement.id());
        assertMentions(expect(Kind.CONFLICT, () -> keys.rotate(org, replacement.id(), ApiKeyRecord.of(org, "ci", "v3",
                prefix(), DIGEST, Set.of(), null), Duration.ZERO)), "revoked");
        clock.advance(Duration.ofDays(2));
        assertMentions(expect(Kind.CONFLICT, () -> keys.rotate(org, old.id(), ApiKeyRecord.of(org, "ci", "v3",
                prefix(), DIGEST, Set.of(), null), Duration.ZERO)), "expired");
    }

    // ---------------------------------------------------------------- sessions

    @Test
    public void sessionsMoveThroughTheirStatesUntilTheyEnd() {
        String org = org("sess");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createTeam(Team.of(org, "data", "Data"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        tenancy.createUser(User.of(org, "bob", "bob@example.com", "Bob"));
        tenancy.createProject(Project.of(org, "web", "core", "Web"));

        SessionRecord s1 = sessions.create(SessionRecord.of(org, "core", "ann", "web", SessionKind.INTERACTIVE, "Fix"));
        assertEquals(SessionState.STARTING, s1.state());
        assertEquals(TestDatabase.START, s1.lastActiveAt());
        assertNull(s1.endedAt());
        clock.advance(Duration.ofSeconds(1));
        SessionRecord s2 = sessions.create(SessionRecord.of(org, "data", "bob", null, SessionKind.BATCH, null));
        clock.advance(Duration.ofSeconds(1));
        SessionRecord s3 = sessions.create(SessionRecord.of(org, "core", "bob", null, SessionKind.PERSISTENT, null));

        assertMentions(expect(Kind.INVALID, () -> sessions.create(SessionRecord.of(org, "data", "ann", "web",
                SessionKind.BATCH, null))), "web", "core");
        expect(Kind.INVALID, () -> sessions.create(SessionRecord.of(org, "core", "ann", null, null, null)));
        expect(Kind.INVALID, () -> sessions.create(new SessionRecord(null, org, "core", "ann", null,
                SessionKind.BATCH, SessionState.STOPPED, null, null, null, null)));

        clock.advance(Duration.ofMinutes(1));
        SessionRecord running = sessions.updateState(org, s1.id(), SessionState.RUNNING);
        assertEquals(SessionState.RUNNING, running.state());
        assertEquals(clock.instant(), running.lastActiveAt());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(sessions.touch(org, s1.id()));
        assertEquals(clock.instant(), sessions.find(org, s1.id()).orElseThrow().lastActiveAt());
        clock.advance(Duration.ofMinutes(1));
        SessionRecord stopped = sessions.updateState(org, s1.id(), SessionState.STOPPED);
        assertEquals(clock.instant(), stopped.endedAt());
        assertEquals(stopped, sessions.updateState(org, s1.id(), SessionState.STOPPED));
        assertMentions(expect(Kind.CONFLICT, () -> sessions.updateState(org, s1.id(), SessionState.RUNNING)),
                "ended", "STOPPED");
        expect(Kind.NOT_FOUND, () -> sessions.updateState(org, "0190b3c2-0000-7000-8000-000000000000",
                SessionState.RUNNING));

        assertEquals(List.of(s3.id(), s2.id(), s1.id()), sessionIds(sessions.list(org, null, null)));
        assertEquals(List.of(s3.id(), s2.id()), sessionIds(sessions.list(org, SessionFilter.ALL.withUser("bob"),
                null)));
        assertEquals(List.of(s3.id(), s1.id()), sessionIds(sessions.list(org, SessionFilter.ALL.withTeam("core"),
                null)));
        assertEquals(List.of(s1.id()), sessionIds(sessions.list(org, SessionFilter.ALL.withProject("web"), null)));
        assertEquals(List.of(s3.id(), s2.id()), sessionIds(sessions.list(org, SessionFilter.ALL.withStates(
                Set.of(SessionState.STARTING, SessionState.RUNNING)), null)));
        assertEquals(List.of(s3.id(), s2.id(), s1.id()), all(p -> sessions.list(org, null, p), 1).stream()
                .map(SessionRecord::id).toList());
    }

    @Test
    public void reopeningMakesAnEndedSessionRunningAgain() {
        String org = org("reopen");
        String other = org("reopen-other");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        SessionRecord s = sessions.create(SessionRecord.of(org, "core", "ann", null, SessionKind.INTERACTIVE, null));

        clock.advance(Duration.ofMinutes(1));
        SessionRecord stopped = sessions.updateState(org, s.id(), SessionState.STOPPED);
        assertNotNull(stopped.endedAt());
        expect(Kind.NOT_FOUND, () -> sessions.reopen(other, s.id()));
        assertEquals(stopped, sessions.find(org, s.id()).orElseThrow());

        clock.advance(Duration.ofMinutes(1));
        SessionRecord reopened = sessions.reopen(org, s.id());
        assertEquals(SessionState.RUNNING, reopened.state());
        assertNull(reopened.endedAt());
        assertEquals(clock.instant(), reopened.lastActiveAt());
        assertEquals(s.createdAt(), reopened.createdAt());
        assertEquals(reopened, sessions.find(org, s.id()).orElseThrow());

        // running: unchanged, even its activity
        clock.advance(Duration.ofMinutes(1));
        assertEquals(reopened, sessions.reopen(org, s.id()));
        assertEquals(reopened, sessions.find(org, s.id()).orElseThrow());

        // it can end again, and a failed session comes back too
        SessionRecord failed = sessions.updateState(org, s.id(), SessionState.FAILED);
        assertEquals(clock.instant(), failed.endedAt());
        clock.advance(Duration.ofMinutes(1));
        SessionRecord again = sessions.reopen(org, s.id());
        assertEquals(SessionState.RUNNING, again.state());
        assertNull(again.endedAt());
        assertEquals(clock.instant(), again.lastActiveAt());

        SessionRecord starting = sessions.create(SessionRecord.of(org, "core", "ann", null, SessionKind.BATCH, null));
        assertEquals(SessionState.RUNNING, sessions.reopen(org, starting.id()).state());
        expect(Kind.NOT_FOUND, () -> sessions.reopen(org, "0190b3c2-0000-7000-8000-000000000000"));
        expect(Kind.NOT_FOUND, () -> sessions.reopen(org, "../etc"));
    }

    private static List<String> sessionIds(Page<SessionRecord> page) {
        return page.items().stream().map(SessionRecord::id).toList();
    }

    @Test
    public void checkpointsAreKeptPerSessionNewestFirst() {
        String org = org("cp");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        SessionRecord s = sessions.create(SessionRecord.of(org, "core", "ann", null, SessionKind.INTERACTIVE, null));
        SessionRecord other = sessions.create(SessionRecord.of(org, "core", "ann", null, SessionKind.INTERACTIVE,
                null));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // several in one millisecond too: the time-ordered ids keep them in order
            ids.add(0, sessions.addCheckpoint(CheckpointRecord.of(org, s.id(), String.valueOf(i).repeat(40),
                    "checkpoint " + i, i % 2 == 0 ? "ann" : null)).id());
        }
        sessions.addCheckpoint(CheckpointRecord.of(org, other.id(), "f".repeat(64), null, null));
        CheckpointRecord upper = sessions.addCheckpoint(CheckpointRecord.of(org, other.id(), "ABCDEF".repeat(6)
                + "ABCD", null, null));
        assertEquals("abcdef".repeat(6) + "abcd", upper.commitId());
        assertEquals(ids, all(p -> sessions.listCheckpoints(org, s.id(), p), 2).stream().map(CheckpointRecord::id)
                .toList());
        CheckpointRecord first = sessions.findCheckpoint(org, ids.get(4)).orElseThrow();
        assertEquals("0".repeat(40), first.commitId());
        assertEquals("checkpoint 0", first.message());
        assertEquals("ann", first.createdBy());
        assertMentions(expect(Kind.INVALID, () -> sessions.addCheckpoint(CheckpointRecord.of(org, s.id(), "abc123",
                null, null))), "40 or 64");
        expect(Kind.NOT_FOUND, () -> sessions.addCheckpoint(CheckpointRecord.of(org,
                "0190b3c2-0000-7000-8000-000000000000", "a".repeat(40), null, null)));
        assertEquals(5, sessions.listCheckpoints(org, s.id(), null).total());
    }

    @Test
    public void checkpointsAreListedPerProjectAcrossSessions() {
        String org = org("pcp");
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        tenancy.createProject(Project.of(org, "web", "core", "Web"));
        tenancy.createProject(Project.of(org, "api", "core", "API"));
        SessionRecord one = sessions.create(SessionRecord.of(org, "core", "ann", "web", SessionKind.INTERACTIVE, null));
        SessionRecord two = sessions.create(SessionRecord.of(org, "core", "ann", "web", SessionKind.BATCH, null));
        SessionRecord elsewhere = sessions.create(SessionRecord.of(org, "core", "ann", "api", SessionKind.BATCH,
                null));
        String first = sessions.addCheckpoint(CheckpointRecord.of(org, one.id(), "1".repeat(40), "one", "ann")).id();
        sessions.addCheckpoint(CheckpointRecord.of(org, elsewhere.id(), "2".repeat(40), "api", "ann"));
        String second = sessions.addCheckpoint(CheckpointRecord.of(org, two.id(), "3".repeat(40), "two", null)).id();
        assertEquals(List.of(second, first), all(p -> sessions.listProjectCheckpoints(org, "web", p), 1).stream()
                .map(CheckpointRecord::id).toList());
        assertEquals(1, sessions.listProjectCheckpoints(org, "api", null).total());
        assertEquals(0, sessions.listProjectCheckpoints(org, "none", null).total());
    }

    // ---------------------------------------------------------------- usage

    static UsageRecord usageOf(String org, String team, String user, String project, String provider, String model,
            long in, long out, String cost, Instant at) {
        return new UsageRecord(null, org, team, user, project, null, provider, model, in, out, 0, new BigDecimal(cost),
                at);
    }

    @Test
    public void usageIsSummedPerDimensionOverAPeriod() {
        String org = org("usage");
        String other = org("usage-other");
        Instant jan = Instant.parse("2031-01-01T00:00:00Z");
        Instant feb = Instant.parse("2031-02-01T00:00:00Z");
        Instant mar = Instant.parse("2031-03-01T00:00:00Z");
        usage.record(usageOf(org, "core", "ann", "web", "anthropic", "claude", 100, 10, "0.001500", jan));
        usage.record(usageOf(org, "core", "ann", "api", "anthropic", "claude", 200, 20, "0.003", jan.plusSeconds(60)));
        usage.record(usageOf(org, "core", "bob", "web", "gemini", "gemini-pro", 300, 30, "0.0045", jan.plus(
                Duration.ofDays(10))));
        usage.record(usageOf(org, "data", "cid", null, "offline", "echo", 50, 5, "0", feb.minusMillis(1)));
        // outside January: exactly at its end, and in February
        usage.record(usageOf(org, "core", "ann", "web", "anthropic", "claude", 1000, 100, "1", feb));
        usage.record(usageOf(org, "core", "ann", "web", "anthropic", "claude", 7, 7, "7", feb.plusSeconds(3600)));
        // another organisation, same ids
        usage.record(usageOf(other, "core", "ann", "web", "anthropic", "claude", 9999, 9999, "99", jan));

        UsageFilter january = UsageFilter.between(jan, feb);
        List<UsageTotal> byUser = usage.aggregate(org, january, UsageDimension.USER);
        assertEquals(List.of(
                new UsageTotal("ann", 2, 300, 30, 0, new BigDecimal("0.004500")),
                new UsageTotal("bob", 1, 300, 30, 0, new BigDecimal("0.004500")),
                new UsageTotal("cid", 1, 50, 5, 0, new BigDecimal("0.000000"))), byUser);
        assertEquals(List.of(
                new UsageTotal("core", 3, 600, 60, 0, new BigDecimal("0.009000")),
                new UsageTotal("data", 1, 50, 5, 0, new BigDecimal("0.000000"))),
                usage.aggregate(org, january, UsageDimension.TEAM));
        assertEquals(List.of(
                new UsageTotal(null, 1, 50, 5, 0, new BigDecimal("0.000000")),
                new UsageTotal("api", 1, 200, 20, 0, new BigDecimal("0.003000")),
                new UsageTotal("web", 2, 400, 40, 0, new BigDecimal("0.006000"))),
                usage.aggregate(org, january, UsageDimension.PROJECT));
        assertEquals(List.of(new UsageTotal(org, 4, 650, 65, 0, new BigDecimal("0.009000"))),
                usage.aggregate(org, january, UsageDimension.ORGANISATION));
        assertEquals(List.of("anthropic", "gemini", "offline"), usage.aggregate(org, january,
                UsageDimension.PROVIDER).stream().map(UsageTotal::key).toList());
        assertEquals(List.of(new UsageTotal("claude", 2, 300, 30, 0, new BigDecimal("0.004500"))),
                usage.aggregate(org, january.withProvider("anthropic"), UsageDimension.MODEL));
        assertEquals(List.of(new UsageTotal("web", 2, 1007, 107, 0, new BigDecimal("8.000000"))),
                usage.aggregate(org, UsageFilter.between(feb, mar), UsageDimension.PROJECT));
        assertEquals(List.of(new UsageTotal("ann", 1, 200, 20, 0, new BigDecimal("0.003000"))),
                usage.aggregate(org, january.withProject("api"), UsageDimension.USER));
        assertEquals(6, usage.aggregate(org, UsageFilter.ALL, UsageDimension.ORGANISATION).get(0).requests());
        assertEquals(List.of(), usage.aggregate(org, UsageFilter.between(mar, mar.plusSeconds(1)),
                UsageDimension.USER));

        Page<UsageRecord> newest = usage.list(org, UsageFilter.ALL.withUser("ann"), PageRequest.first(2));
        assertEquals(4, newest.total());
        assertEquals(List.of(feb.plusSeconds(3600), feb), newest.items().stream().map(UsageRecord::occurredAt)
                .toList());
        assertEquals(4, all(p -> usage.list(org, UsageFilter.ALL.withUser("ann"), p), 3).size());
    }

    @Test
    public void usageIsSummedPerDayInUtc() {
        String org = org("usage-days");
        Instant first = Instant.parse("2031-03-30T00:00:00Z");
        usage.record(usageOf(org, "core", "ann", null, "anthropic", "claude", 10, 1, "0.1", first));
        usage.record(usageOf(org, "core", "bob", null, "anthropic", "claude", 20, 2, "0.2", first.plusSeconds(86_399)));
        usage.record(usageOf(org, "core", "ann", null, "anthropic", "claude", 40, 4, "0.4", first.plus(Duration.ofDays(
                2))));
        assertEquals(List.of(
                new UsageTotal("2031-03-30", 2, 30, 3, 0, new BigDecimal("0.300000")),
                new UsageTotal("2031-04-01", 1, 40, 4, 0, new BigDecimal("0.400000"))),
                usage.aggregate(org, UsageFilter.ALL, UsageDimension.DAY));
        assertEquals(List.of(new UsageTotal("2031-03-30", 1, 10, 1, 0, new BigDecimal("0.100000"))),
                usage.aggregate(org, UsageFilter.ALL.withUser("ann").withTeam("core"), UsageDimension.DAY).subList(0,
                        1));
    }

    @Test
    public void usageInputIsValidatedAndCostRounded() {
        String org = org("usageval");
        UsageRecord r = usage.record(usageOf(org, null, "ann", null, "offline", "m", 1, 2, "0.1234565", null));
        assertEquals(new BigDecimal("0.123457"), r.cost());
        assertEquals(clock.instant(), r.occurredAt());
        assertEquals(r, usage.list(org, null, null).items().get(0));
        assertMentions(expect(Kind.INVALID, () -> usage.record(usageOf(org, null, "ann", null, "offline", "m", -1, 0,
                "0", null))), "input tokens", "negative");
        assertMentions(expect(Kind.INVALID, () -> usage.record(usageOf(org, null, "ann", null, "offline", "m", 0, 0,
                "-0.5", null))), "cost");
        expect(Kind.INVALID, () -> usage.record(usageOf(org, null, "Ann", null, "offline", "m", 0, 0, "0", null)));
        expect(Kind.INVALID, () -> usage.record(usageOf(org, null, "ann", null, "offline", " ", 0, 0, "0", null)));
        expect(Kind.INVALID, () -> usage.aggregate(org, null, null));
        assertEquals(1, usage.list(org, null, null).total());
    }

    // ---------------------------------------------------------------- audit

    @Test
    public void auditEventsAreAppendedAndQueriedNewestFirst() {
        String org = org("audit");
        Map<String, String> details = Map.of("reason", "wrong \"password\"\nsecond line", "attempt", "3",
                "name", "Zoë 名前");
        AuditEvent login = audit.append(AuditEvent.of(org, "ann", "auth.login", "user/ann", AuditOutcome.FAILURE,
                "2001:db8::1", details));
        assertEquals(details, login.details());
        clock.advance(Duration.ofSeconds(1));
        audit.append(AuditEvent.of(org, "ann", "auth.login", "user/ann", AuditOutcome.SUCCESS, "192.0.2.7", null));
        clock.advance(Duration.ofSeconds(1));
        audit.append(AuditEvent.of(org, "ann", "authz.check", "project/web", AuditOutcome.DENIED, "192.0.2.7",
                Map.of("route", "/api/v1/projects/web")));
        clock.advance(Duration.ofSeconds(1));
        audit.append(AuditEvent.of(org, "apikey:123", "membership.grant", "user/bob", AuditOutcome.SUCCESS, null,
                Map.of("role", "DEVELOPER", "team", "core")));
        Instant last = clock.instant();
        audit.append(AuditEvent.of(null, "mallory", "auth.login", null, AuditOutcome.FAILURE, "198.51.100.9",
                Map.of("reason", "unknown organisation")));

        Page<AuditEvent> all = audit.query(org, null, null);
        assertEquals(4, all.total());
        assertEquals(List.of("membership.grant", "authz.check", "auth.login", "auth.login"), all.items().stream()
                .map(AuditEvent::action).toList());
        AuditEvent stored = all.items().get(3);
        assertEquals(login, stored);
        assertEquals(details, stored.details());
        assertEquals("2001:db8::1", stored.sourceAddress());

        assertEquals(2, audit.query(org, AuditFilter.ALL.withAction("auth"), null).total());
        assertEquals(1, audit.query(org, AuditFilter.ALL.withAction("authz"), null).total());
        assertEquals(1, audit.query(org, AuditFilter.ALL.withAction("auth.login").withOutcome(AuditOutcome.SUCCESS),
                null).total());
        assertEquals(1, audit.query(org, AuditFilter.ALL.withOutcome(AuditOutcome.DENIED), null).total());
        assertEquals(3, audit.query(org, AuditFilter.ALL.withActor("ann"), null).total());
        assertEquals(1, audit.query(org, AuditFilter.ALL.withTarget("user/bob"), null).total());
        assertEquals(List.of("authz.check", "auth.login"), audit.query(org, AuditFilter.ALL.between(
                TestDatabase.START.plusSeconds(1), last), null).items().stream().map(AuditEvent::action).toList());
        assertEquals(4, all(p -> audit.query(org, null, p), 3).size());
        assertEquals(0, audit.query(org, AuditFilter.ALL.withActor("mallory"), null).total());

        Page<AuditEvent> system = audit.querySystem(AuditFilter.ALL.withActor("mallory"), null);
        assertEquals(1, system.total());
        assertNull(system.items().get(0).orgId());
        assertEquals("unknown organisation", system.items().get(0).details().get("reason"));
    }

    @Test
    public void auditInputIsValidated() {
        String org = org("auditval");
        assertMentions(expect(Kind.INVALID, () -> audit.append(AuditEvent.of(org, "ann", "Auth Login", null,
                AuditOutcome.SUCCESS, null, null))), "action", "auth.login");
        expect(Kind.INVALID, () -> audit.append(AuditEvent.of(org, "ann", "auth..login", null, AuditOutcome.SUCCESS,
                null, null)));
        expect(Kind.INVALID, () -> audit.append(AuditEvent.of(org, "ann\r\nforged", "auth.login", null,
                AuditOutcome.SUCCESS, null, null)));
        expect(Kind.INVALID, () -> audit.append(AuditEvent.of(org, "ann", "auth.login", null, null, null, null)));
        expect(Kind.INVALID, () -> audit.append(AuditEvent.of(org, "ann", "auth.login", null, AuditOutcome.SUCCESS,
                "1.2.3.4 evil", null)));
        expect(Kind.INVALID, () -> audit.append(AuditEvent.of(org, "ann", "auth.login", null, AuditOutcome.SUCCESS,
                null, Map.of("bad name", "x"))));
        assertMentions(expect(Kind.INVALID, () -> audit.append(AuditEvent.of(org, "ann", "auth.login", null,
                AuditOutcome.SUCCESS, null, Map.of("a", "x".repeat(2500), "b", "y".repeat(2500))))), "4000");
        assertEquals(0, audit.query(org, null, null).total());
    }
}
