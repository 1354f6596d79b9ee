package dev.loupe.store.jdbc;

import dev.loupe.core.auth.SessionStoreContract;
import dev.loupe.core.store.MetadataStore;

/** The SessionStore contract on a real PostgreSQL server; a new database per test. */
class PostgresSessionStoreTest extends SessionStoreContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
