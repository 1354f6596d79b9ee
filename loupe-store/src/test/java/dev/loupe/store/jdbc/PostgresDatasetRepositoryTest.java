package dev.loupe.store.jdbc;

import dev.loupe.core.dataset.DatasetRepositoryContract;
import dev.loupe.core.store.MetadataStore;

/** The dataset repository contract on a real PostgreSQL server; one server for the class, a database per test. */
class PostgresDatasetRepositoryTest extends DatasetRepositoryContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
