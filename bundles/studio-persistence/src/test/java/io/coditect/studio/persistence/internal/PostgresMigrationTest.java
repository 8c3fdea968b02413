package io.coditect.studio.persistence.internal;

import javax.sql.DataSource;

public class PostgresMigrationTest extends MigrationContract {

    @Override
    protected DataSource newDatabase(String name) {
        return PostgresServer.get().createDatabase(name);
    }
}
