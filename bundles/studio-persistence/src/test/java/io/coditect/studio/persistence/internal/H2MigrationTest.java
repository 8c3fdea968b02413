package io.coditect.studio.persistence.internal;

import javax.sql.DataSource;

public class H2MigrationTest extends MigrationContract {

    @Override
    protected DataSource newDatabase(String name) {
        return TestDatabase.h2DataSource(name);
    }
}
