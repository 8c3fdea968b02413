package io.coditect.studio.persistence.internal;

import io.coditect.studio.persistence.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.eclipse.persistence.jpa.PersistenceProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.rules.ExternalResource;

/**
 * A fresh database for one test class, opened as the studio opens it (Liquibase, then EclipseLink on
 * an explicit persistence unit), closed after the class.
 */
final class TestDatabase extends ExternalResource {

    static final Instant START = Instant.parse("2031-03-01T09:00:00Z");

    private final String label;
    private final Supplier<DataSource> dataSource;
    private final boolean open;
    private DataSource ds;
    private StudioDatabase db;
    final MutableClock clock = new MutableClock(START);

    private TestDatabase(String label, Supplier<DataSource> dataSource, boolean open) {
        this.label = label;
        this.dataSource = dataSource;
        this.open = open;
    }

    /** An H2 file database under target/h2, as the studio's default but in the build folder. */
    static TestDatabase h2(String name) {
        return new TestDatabase("H2", () -> h2DataSource(name), true);
    }

    static TestDatabase postgres(String name) {
        return new TestDatabase("PostgreSQL", () -> PostgresServer.get().createDatabase(name), true);
    }

    /** Only the empty database; the test migrates and opens it. */
    TestDatabase empty() {
        return new TestDatabase(label, dataSource, false);
    }

    static DataSource h2DataSource(String name) {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/h2");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith(name + "."))
                        .sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve(name) + ";MODE=LEGACY");
        ds.setUser("sa");
        return ds;
    }

    @Override
    protected void before() {
        ds = dataSource.get();
        if (open) {
            db = open();
        }
    }

    /** Opens the studio database on this data source, as the component does. */
    StudioDatabase open() {
        return StudioDatabase.open(ds, new PersistenceProvider(), StudioDatabase.Settings.defaults().withClock(clock));
    }

    @Override
    protected void after() {
        if (db != null) {
            db.close();
        }
    }

    String label() {
        return label;
    }

    DataSource dataSource() {
        return ds;
    }

    StudioDatabase db() {
        return db;
    }
}
