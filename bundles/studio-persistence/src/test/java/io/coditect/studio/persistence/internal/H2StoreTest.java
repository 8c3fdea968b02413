package io.coditect.studio.persistence.internal;

import org.junit.ClassRule;

/** The store contract on H2, the default database: a file database under target/h2. */
public class H2StoreTest extends StoreContract {

    @ClassRule
    public static final TestDatabase DB = TestDatabase.h2("stores");

    @Override
    protected TestDatabase database() {
        return DB;
    }
}
