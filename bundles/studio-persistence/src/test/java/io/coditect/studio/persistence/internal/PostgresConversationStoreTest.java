package io.coditect.studio.persistence.internal;

import org.junit.ClassRule;

/** The conversation store contract on a real PostgreSQL started by the tests ({@link PostgresServer}). */
public class PostgresConversationStoreTest extends ConversationStoreContract {

    @ClassRule
    public static final TestDatabase DB = TestDatabase.postgres("conversations");

    @Override
    protected TestDatabase database() {
        return DB;
    }
}
