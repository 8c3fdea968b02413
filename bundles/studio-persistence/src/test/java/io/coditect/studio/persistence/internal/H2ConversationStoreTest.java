package io.coditect.studio.persistence.internal;

import org.junit.ClassRule;

/** The conversation store contract on H2, the default database: a file database under target/h2. */
public class H2ConversationStoreTest extends ConversationStoreContract {

    @ClassRule
    public static final TestDatabase DB = TestDatabase.h2("conversations");

    @Override
    protected TestDatabase database() {
        return DB;
    }
}
