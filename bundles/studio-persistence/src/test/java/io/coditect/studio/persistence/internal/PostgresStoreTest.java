package io.coditect.studio.persistence.internal;

import org.junit.ClassRule;

/** The store contract on a real PostgreSQL started by the tests ({@link PostgresServer}). */
public class PostgresStoreTest extends StoreContract {

    @ClassRule
    public static final TestDatabase DB = TestDatabase.postgres("stores");

    @Override
    protected TestDatabase database() {
        return DB;
    }
}
