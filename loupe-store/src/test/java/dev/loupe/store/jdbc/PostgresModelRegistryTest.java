package dev.loupe.store.jdbc;

import dev.loupe.core.registry.ModelRegistryContract;
import dev.loupe.core.store.MetadataStore;

/** The ModelRegistry contract on a real PostgreSQL server; one server for the class, a new database per test. */
class PostgresModelRegistryTest extends ModelRegistryContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
