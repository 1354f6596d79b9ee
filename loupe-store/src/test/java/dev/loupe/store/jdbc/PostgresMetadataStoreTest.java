package dev.loupe.store.jdbc;

import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.MetadataStoreContract;

/** The metadata contract on a real PostgreSQL server; one server for the class, a new database per test. */
class PostgresMetadataStoreTest extends MetadataStoreContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
