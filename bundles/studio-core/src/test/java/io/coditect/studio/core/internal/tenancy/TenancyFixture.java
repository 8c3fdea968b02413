package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.security.internal.password.Pbkdf2PasswordHasher;
import io.coditect.studio.security.internal.rbac.RbacPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Before;

/**
 * Two organisations on the real database with the real policy and hasher. {@code acme}: teams
 * {@code web} and {@code ops}, one user per role (ann Org Admin, bill Billing Admin, tara Team Admin
 * of web, lee Project Lead of web, dev Developer of web, ana Analyst of web, otto Developer of ops,
 * nora without a role), projects {@code site} (web) and {@code infra} (ops). {@code globex}: teams
 * {@code web} and {@code secret}, users gina (Org Admin) and gus (Developer of secret), project
 * {@code plans} (secret): ids only globex has, for guessing.
 */
public abstract class TenancyFixture {

    static final String PASSWORD = "correct horse battery";

    protected StudioDatabase db;
    protected TenancyStore store;
    protected RecordingEventAdmin events;
    protected Pbkdf2PasswordHasher hasher;
    protected TenancyServiceImpl service;

    @Before
    public void openDatabase() {
        db = EmbeddedStudioDatabase.open();
        store = db.tenancy();
        events = new RecordingEventAdmin();
        hasher = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);
        service = new TenancyServiceImpl(store, db.audit(), db.transactions(), new RbacPolicy(), hasher, events);

        org("acme", "web", "ops");
        user("acme", "ann", null, Role.ORG_ADMIN);
        user("acme", "bill", null, Role.BILLING_ADMIN);
        user("acme", "tara", "web", Role.TEAM_ADMIN);
        user("acme", "lee", "web", Role.PROJECT_LEAD);
        user("acme", "dev", "web", Role.DEVELOPER);
        user("acme", "ana", "web", Role.ANALYST);
        user("acme", "otto", "ops", Role.DEVELOPER);
        user("acme", "nora", null, null);
        store.createProject(Project.of("acme", "site", "web", "Site"));
        store.createProject(Project.of("acme", "infra", "ops", "Infra"));

        org("globex", "web", "secret");
        user("globex", "gina", null, Role.ORG_ADMIN);
        user("globex", "gus", "secret", Role.DEVELOPER);
        store.createProject(Project.of("globex", "plans", "secret", "Plans"));
    }

    @After
    public void closeDatabase() {
        db.close();
    }

    private void org(String id, String... teams) {
        store.createOrganisation(Organisation.of(id, id.toUpperCase()));
        for (String t : teams) {
            store.createTeam(Team.of(id, t, t.toUpperCase()));
        }
    }

    private void user(String org, String id, String team, Role role) {
        store.createUser(User.of(org, id, id + "@" + org + ".example", id));
        store.setPasswordHash(org, id, hasher.hash(PASSWORD.toCharArray()));
        if (role != null) {
            store.grant(org, id, team, role);
        }
    }

    /** The caller as the authenticator builds it: roles read fresh from the store. */
    protected Caller caller(String org, String userId) {
        return caller(org, userId, Credential.PASSWORD, Set.of());
    }

    protected Caller caller(String org, String userId, Credential credential, Set<String> scopes) {
        Role orgRole = null;
        Map<String, Role> teamRoles = new HashMap<>();
        for (Membership m : store.listMemberships(org, MembershipFilter.ALL.withUser(userId), PageRequest.first())
                .items()) {
            if (m.teamId() == null) {
                orgRole = m.role();
            } else {
                teamRoles.put(m.teamId(), m.role());
            }
        }
        return new Caller(org, userId, credential, credential == Credential.API_KEY ? "key-" + userId : null, orgRole,
                teamRoles, scopes, false, "192.0.2.7");
    }

    /** An administrator of the studio itself, whose home is another organisation. */
    protected Caller studioAdmin() {
        return new Caller("studio", "root", Credential.PASSWORD, null, null, Map.of(), Set.of(), true, null);
    }

    protected List<AuditEvent> audit(String org, String action) {
        return db.audit().query(org, AuditFilter.ALL.withAction(action), PageRequest.first(500)).items();
    }

    protected int auditCount(String org) {
        return db.audit().query(org, AuditFilter.ALL, PageRequest.first(500)).items().size();
    }
}
