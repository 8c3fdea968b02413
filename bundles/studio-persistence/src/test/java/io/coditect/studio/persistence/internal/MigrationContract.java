package io.coditect.studio.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.usage.UsageRecord;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.junit.Test;

/** Liquibase owns the schema and upgrades a database in place; subclasses name the database. */
public abstract class MigrationContract {

    private static final AtomicInteger SEQ = new AtomicInteger();
    static final List<String> STEP_1 = List.of("001-organisations", "001-teams", "001-users", "001-memberships",
            "001-projects");
    static final List<String> ALL = List.of("001-organisations", "001-teams", "001-users", "001-memberships",
            "001-projects", "002-users-password-hash", "002-api-keys", "002-sessions", "002-checkpoints",
            "003-usage-records", "003-audit-events", "004-conversation-messages",
            "004-conversation-messages-search");

    /** A new, empty database. */
    protected abstract DataSource newDatabase(String name);

    private DataSource fresh() {
        return newDatabase("migration_" + SEQ.incrementAndGet());
    }

    private static StudioDatabase open(DataSource ds) {
        return StudioDatabase.open(ds, new PersistenceProvider(), StudioDatabase.Settings.defaults());
    }

    @Test
    public void aDatabaseOfTheFirstStepIsUpgradedInPlaceAndKeepsItsData() throws SQLException {
        DataSource ds = fresh();
        Migrations.update(ds, "migration/changelog-v1.xml", getClass().getClassLoader());
        assertEquals(STEP_1, Migrations.applied(ds));
        assertFalse(tables(ds).contains("api_keys"));

        // data as the first release wrote it
        try (Connection c = ds.getConnection()) {
            insert(c, "INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)", "acme", "Acme", 1000L);
            insert(c, "INSERT INTO teams (org_id, id, name, created_at) VALUES (?, ?, ?, ?)", "acme", "core", "Core",
                    2000L);
            insert(c, "INSERT INTO users (org_id, id, email, display_name, created_at) VALUES (?, ?, ?, ?, ?)",
                    "acme", "ann", "ann@example.com", "Ann", 3000L);
            insert(c, "INSERT INTO memberships (org_id, user_id, scope_key, team_id, role, granted_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", "acme", "ann", "core", "core", "TEAM_ADMIN", 4000L);
            insert(c, "INSERT INTO memberships (org_id, user_id, scope_key, team_id, role, granted_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", "acme", "ann", "*", null, "ORG_ADMIN", 4000L);
            insert(c, "INSERT INTO projects (org_id, id, team_id, name, description, created_by, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", "acme", "web", "core", "Web", "old project", "ann", 5000L);
        }

        try (StudioDatabase db = open(ds)) {
            assertEquals(ALL, Migrations.applied(ds));
            TenancyStore t = db.tenancy();
            assertEquals("Acme", t.findOrganisation("acme").orElseThrow().name());
            assertEquals(1000L, t.findOrganisation("acme").orElseThrow().createdAt().toEpochMilli());
            assertEquals("Core", t.findTeam("acme", "core").orElseThrow().name());
            User ann = t.findUser("acme", "ann").orElseThrow();
            assertEquals("ann@example.com", ann.email());
            assertFalse(ann.disabled());
            assertEquals(Role.TEAM_ADMIN, t.findMembership("acme", "ann", "core").orElseThrow().role());
            Membership admin = t.findMembership("acme", "ann", null).orElseThrow();
            assertEquals(Role.ORG_ADMIN, admin.role());
            assertTrue(admin.isOrganisationWide());
            Project web = t.findProject("acme", "web").orElseThrow();
            assertEquals("old project", web.description());
            assertEquals("ann", web.createdBy());

            // what the later steps added works on the old rows
            assertTrue(t.findPasswordHash("acme", "ann").isEmpty());
            t.setPasswordHash("acme", "ann", "$argon2id$v=19$stub");
            ApiKeyRecord key = db.apiKeys().create(ApiKeyRecord.of("acme", "ann", "ci", "mig1", "v1:" + "0".repeat(64),
                    Set.of("read"), null));
            SessionRecord s = db.sessions().create(SessionRecord.of("acme", "core", "ann", "web",
                    SessionKind.INTERACTIVE, "after upgrade"));
            db.usage().record(new UsageRecord(null, "acme", "core", "ann", "web", s.id(), "offline", "echo", 1, 1, 0,
                    BigDecimal.ZERO, null));
            assertEquals(key, db.apiKeys().findByPrefix("acme", "mig1").orElseThrow());
            assertEquals(1, db.sessions().list("acme", null, null).total());
        }
    }

    @Test
    public void sessionsFromBeforeConversationsGetThemAfterTheUpgrade() throws SQLException {
        DataSource ds = fresh();
        Migrations.update(ds, "migration/changelog-v3.xml", getClass().getClassLoader());
        assertEquals(ALL.subList(0, ALL.indexOf("004-conversation-messages")), Migrations.applied(ds));
        assertFalse(tables(ds).contains("conversation_messages"));
        String session = "0190b3c2-0000-7000-8000-00000000abcd";
        try (Connection c = ds.getConnection()) {
            insert(c, "INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)", "acme", "Acme", 1000L);
            insert(c, "INSERT INTO teams (org_id, id, name, created_at) VALUES (?, ?, ?, ?)", "acme", "core", "Core",
                    2000L);
            insert(c, "INSERT INTO sessions (id, org_id, team_id, user_id, project_id, kind, state, title, created_at, "
                    + "last_active_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", session, "acme", "core",
                    "ann", "web", "INTERACTIVE", "STOPPED", "old", 3000L, 4000L, 4000L);
        }

        try (StudioDatabase db = open(ds)) {
            assertEquals(ALL, Migrations.applied(ds));
            assertEquals(SessionState.RUNNING, db.sessions().reopen("acme", session).state());
            ConversationMessage m = db.conversations().append(ConversationMessage.user("acme", session, null, "t1",
                    "ann", "After the Upgrade"));
            assertEquals(1, m.index());
            assertEquals("web", m.projectId());
            assertEquals(List.of(m), db.conversations().search("acme", "web", "the upgrade", null).items());
            assertEquals(session, db.conversations().conversations("acme", null, null).items().get(0).sessionId());
        }
        if (isPostgres(ds)) {
            // the trigram index for search, as the test server has pg_trgm and runs as its superuser
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = "
                            + "'ix_conversation_messages_text'")) {
                assertTrue("no trigram index", rs.next());
                assertTrue(rs.getString(1), rs.getString(1).contains("gin_trgm_ops"));
            }
        }
    }

    private static boolean isPostgres(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        }
    }

    @Test
    public void reopeningAnUpToDateDatabaseChangesNothing() {
        DataSource ds = fresh();
        try (StudioDatabase db = open(ds)) {
            db.tenancy().createOrganisation(io.coditect.studio.api.tenancy.Organisation.of("acme", "Acme"));
        }
        try (StudioDatabase db = open(ds)) {
            assertEquals(ALL, Migrations.applied(ds));
            assertEquals("Acme", db.tenancy().findOrganisation("acme").orElseThrow().name());
        }
    }

    @Test
    public void liquibaseIsSkippedOnlyWhenEveryChangesetIsRecorded() throws SQLException {
        DataSource ds = fresh();
        ClassLoader resources = getClass().getClassLoader();
        assertFalse("a new database", RecordedChangesets.allRecorded(ds, Migrations.CHANGELOG, resources));
        Migrations.update(ds, "migration/changelog-v1.xml", resources);
        assertFalse("one step behind", RecordedChangesets.allRecorded(ds, Migrations.CHANGELOG, resources));
        Migrations.update(ds, Migrations.CHANGELOG, resources);
        assertTrue(RecordedChangesets.allRecorded(ds, Migrations.CHANGELOG, resources));
        assertFalse("a later release's step", RecordedChangesets.allRecorded(ds, "migration/changelog-next.xml",
                resources));
        assertFalse("a changelog that is not there", RecordedChangesets.allRecorded(ds, "nope.xml", resources));
        // a history that lacks a step sends the database back to Liquibase
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM DATABASECHANGELOG WHERE ID = '003-audit-events'");
        }
        assertFalse(RecordedChangesets.allRecorded(ds, Migrations.CHANGELOG, resources));
    }

    @Test
    public void aLaterChangesetExtendsTheSchemaAndKeepsTheData() throws SQLException {
        DataSource ds = fresh();
        try (StudioDatabase db = open(ds)) {
            db.tenancy().createOrganisation(io.coditect.studio.api.tenancy.Organisation.of("acme", "Acme"));
            db.tenancy().createTeam(io.coditect.studio.api.tenancy.Team.of("acme", "core", "Core"));
            db.tenancy().createProject(Project.of("acme", "web", "core", "Web"));
            db.tenancy().createProject(Project.of("acme", "legacy", "core", "Old portal"));
        }
        Migrations.update(ds, "migration/changelog-next.xml", getClass().getClassLoader());
        List<String> expected = new ArrayList<>(ALL);
        expected.add("900-projects-archived");
        assertEquals(expected, Migrations.applied(ds));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, archived FROM projects ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("legacy", rs.getString(1));
            assertTrue(rs.getBoolean(2));
            assertTrue(rs.next());
            assertEquals("web", rs.getString(1));
            assertFalse(rs.getBoolean(2));
        }
        // the studio without the new step still opens the extended database and writes to it
        try (StudioDatabase db = open(ds)) {
            assertEquals("Old portal", db.tenancy().findProject("acme", "legacy").orElseThrow().name());
            db.tenancy().createProject(Project.of("acme", "api", "core", "API"));
            assertEquals(3, db.tenancy().listProjects("acme", null, null).total());
        }
    }

    @Test
    public void theSchemaIsLiquibasesAndEclipseLinkCreatesNothing() throws SQLException {
        assertEquals("none", StudioDatabase.properties(1).getProperty("eclipselink.ddl-generation"));
        DataSource ds = fresh();
        try (StudioDatabase db = open(ds)) {
            db.tenancy().findOrganisation("acme");
        }
        assertEquals(new TreeSet<>(List.of("organisations", "teams", "users", "memberships", "projects", "api_keys",
                "sessions", "checkpoints", "usage_records", "audit_events", "conversation_messages",
                "databasechangelog", "databasechangeloglock")), tables(ds));
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** Tables of the schema the connection uses, in lower case. */
    private static Set<String> tables(DataSource ds) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String schema = c.getSchema();
            try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
