package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.LoggedImagesContract;
import dev.loupe.core.store.MetadataStore;

/** The PackedImages contract on a real PostgreSQL server; a new database per test. */
class PostgresPackedImagesTest extends LoggedImagesContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
