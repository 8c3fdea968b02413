package io.coditect.studio.persistence.testing;

import io.coditect.studio.persistence.internal.StudioDatabase;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The real studio database (Liquibase migrations, EclipseLink, H2) in memory, for tests of other
 * bundles that need stores: {@code try (var db = EmbeddedStudioDatabase.open(clock)) { db.tenancy() … }}.
 * Published in this module's test-jar; every call opens a new, empty database.
 */
public final class EmbeddedStudioDatabase {

    private EmbeddedStudioDatabase() {
    }

    public static StudioDatabase open(Clock clock) {
        JdbcDataSource ds = new JdbcDataSource();
        // DB_CLOSE_DELAY keeps the in-memory database while EclipseLink's pool reconnects
        ds.setURL("jdbc:h2:mem:studio-" + UUID.randomUUID() + ";MODE=LEGACY;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return StudioDatabase.open(ds, new PersistenceProvider(), StudioDatabase.Settings.defaults().withClock(clock));
    }

    public static StudioDatabase open() {
        return open(Clock.systemUTC());
    }
}
