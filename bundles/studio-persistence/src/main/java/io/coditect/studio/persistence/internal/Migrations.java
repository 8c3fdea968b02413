package io.coditect.studio.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Brings the schema up to date with Liquibase before anything else touches the database. Liquibase
 * owns the schema; EclipseLink never creates or alters a table.
 */
final class Migrations {

    /**
     * Liquibase reports each optional change type it cannot load (loadData needs opencsv, which the
     * studio does not ship) with a stack trace at INFO; the studio's changelogs use none of them.
     * Held here because java.util.logging keeps loggers only weakly.
     */
    private static final Logger SERVICE_LOCATOR_LOG = quiet("liquibase.servicelocator");

    private static Logger quiet(String name) {
        Logger log = Logger.getLogger(name);
        log.setLevel(Level.WARNING);
        return log;
    }

    /** The master changelog; it includes one file per step, in order. */
    static final String CHANGELOG = "io/coditect/studio/persistence/db/changelog.xml";

    private Migrations() {
    }

    static void update(DataSource dataSource) {
        update(dataSource, CHANGELOG, Migrations.class.getClassLoader());
    }

    /**
     * Applies the changesets of {@code changelog} (a class path resource of {@code resources}) that
     * the database has not run yet. Liquibase's lock table keeps two nodes from migrating at once.
     */
    static void update(DataSource dataSource, String changelog, ClassLoader resources) {
        if (RecordedChangesets.allRecorded(dataSource, changelog, resources)) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Map<String, Object> scope = Map.of(
                    // no call home: Liquibase 4.30+ sends usage analytics unless told not to
                    "liquibase.analytics.enabled", Boolean.FALSE,
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    // its own services are found through its own class loader, whatever the thread's is
                    Scope.Attr.classLoader.name(), Scope.class.getClassLoader(),
                    Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(resources));
            Thread thread = Thread.currentThread();
            ClassLoader saved = thread.getContextClassLoader();
            // Liquibase looks up its XML schemas through the context class loader too (null in some
            // OSGi threads): give it its own
            thread.setContextClassLoader(Scope.class.getClassLoader());
            try {
                Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                        .execute());
            } finally {
                thread.setContextClassLoader(saved);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database to migrate its schema (SQL state "
                    + e.getSQLState() + "): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the schema migration failed, nothing of the failed changeset was kept: "
                    + e.getMessage(), e);
        }
    }

    /** Ids of the changesets the database has run, in the order it ran them. */
    static List<String> applied(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
                var rs = c.createStatement().executeQuery(
                        "SELECT ID FROM DATABASECHANGELOG ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the migration history: " + e.getMessage(), e);
        }
    }
}
