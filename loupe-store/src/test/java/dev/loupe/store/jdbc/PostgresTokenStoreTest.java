package dev.loupe.store.jdbc;

import dev.loupe.core.auth.TokenStoreContract;
import dev.loupe.core.store.MetadataStore;

/** The TokenStore contract on a real PostgreSQL server; a new database per test. */
class PostgresTokenStoreTest extends TokenStoreContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
