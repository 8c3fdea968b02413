package io.coditect.studio.persistence.internal;

import java.net.URL;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.spi.PersistenceProvider;
import javax.sql.DataSource;

import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.usage.UsageStore;

/**
 * The studio's database, usable without OSGi: migrates the schema, builds the entity manager factory
 * from the given data source and JPA provider, and holds the stores.
 */
public final class StudioDatabase implements AutoCloseable {

    /**
     * How to open the database.
     *
     * @param clock          time of the stores
     * @param maxConnections most connections EclipseLink keeps open to the database
     * @param unitRoot       root of the persistence unit (the bundle or class folder holding the entities)
     * @param classLoader    class loader that sees the entities
     */
    public record Settings(Clock clock, int maxConnections, URL unitRoot, ClassLoader classLoader) {

        /** For plain Java: the entities' class folder or jar is the unit root. */
        public static Settings defaults() {
            return new Settings(Clock.systemUTC(), 10,
                    StudioDatabase.class.getProtectionDomain().getCodeSource().getLocation(),
                    StudioDatabase.class.getClassLoader());
        }

        public Settings withClock(Clock newClock) {
            return new Settings(newClock, maxConnections, unitRoot, classLoader);
        }
    }

    private final EntityManagerFactory emf;
    private final String product;
    private final Tx tx;
    private final JpaTenancyStore tenancy;
    private final JpaApiKeyStore apiKeys;
    private final JpaSessionStore sessions;
    private final JpaUsageStore usage;
    private final JpaAuditLog audit;
    private final JpaConversationStore conversations;

    private StudioDatabase(EntityManagerFactory emf, String product, Clock clock) {
        this.emf = emf;
        this.product = product;
        this.tx = new Tx(emf);
        this.tenancy = new JpaTenancyStore(tx, clock);
        this.apiKeys = new JpaApiKeyStore(tx, clock);
        this.sessions = new JpaSessionStore(tx, clock);
        this.usage = new JpaUsageStore(tx, clock);
        this.audit = new JpaAuditLog(tx, clock);
        this.conversations = new JpaConversationStore(tx, clock);
    }

    /**
     * Migrates the schema, then opens the persistence unit.
     *
     * @throws IllegalStateException when the database cannot be reached, migrated or mapped
     */
    public static StudioDatabase open(DataSource dataSource, PersistenceProvider provider, Settings settings) {
        String product = product(dataSource);
        Migrations.update(dataSource);
        EntityManagerFactory emf = provider.createContainerEntityManagerFactory(
                new StudioPersistenceUnit(dataSource, settings.unitRoot(), settings.classLoader(),
                        properties(settings.maxConnections())), Map.of());
        try {
            StudioDatabase db = new StudioDatabase(emf, product, settings.clock());
            // fail here, not at the first request, when the mapping and the schema disagree
            db.tenancy.findOrganisation("coditect");
            return db;
        } catch (RuntimeException e) {
            emf.close();
            throw new IllegalStateException("the database schema does not fit this version of the studio: "
                    + e.getMessage(), e);
        }
    }

    static Properties properties(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections is " + maxConnections + ": give at least 1");
        }
        Properties p = new Properties();
        p.put("eclipselink.ddl-generation", "none");
        // a unique session name: EclipseLink shares deployed units by name across the JVM
        p.put("eclipselink.session-name", "coditect-studio-" + UUID.randomUUID());
        // resource-local transactions; without this the Aries adapter sets its JTA server platform
        p.put("eclipselink.target-server", "None");
        p.put("eclipselink.weaving", "false");
        p.put("eclipselink.cache.shared.default", "false");
        p.put("eclipselink.deploy-on-startup", "true");
        p.put("eclipselink.logging.logger", "JavaLogger");
        // failures reach the caller as StoreExceptions with their cause; EclipseLink would report each
        // again at WARNING (a lost race for an id included), quoting the driver's message
        p.put("eclipselink.logging.level", "SEVERE");
        p.put("eclipselink.logging.parameters", "false");
        // a plain DataSource from a DataSourceFactory does not pool: EclipseLink does
        p.put("eclipselink.connection-pool.force-internal-pool", "true");
        p.put("eclipselink.connection-pool.default.initial", "1");
        // EclipseLink closes a connection above the minimum as soon as it is returned: with min 1 every
        // concurrent request beyond the first reconnected (400 concurrent appends: 18-28 s on
        // PostgreSQL, 1.7 s with min = max). Opened lazily from 1, then kept.
        p.put("eclipselink.connection-pool.default.min", String.valueOf(maxConnections));
        p.put("eclipselink.connection-pool.default.max", String.valueOf(maxConnections));
        p.put("eclipselink.connection-pool.default.wait", "30000");
        return p;
    }

    private static String product(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            return md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database (SQL state " + e.getSQLState() + "): "
                    + e.getMessage(), e);
        }
    }

    /** Name and version of the database, for example {@code PostgreSQL 15.14}. */
    public String product() {
        return product;
    }

    public TenancyStore tenancy() {
        return tenancy;
    }

    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public UsageStore usage() {
        return usage;
    }

    public AuditLog audit() {
        return audit;
    }

    public ConversationStore conversations() {
        return conversations;
    }

    public Transactions transactions() {
        return tx;
    }

    @Override
    public void close() {
        emf.close();
    }
}
