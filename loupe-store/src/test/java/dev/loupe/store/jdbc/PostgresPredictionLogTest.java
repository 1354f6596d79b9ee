package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.PredictionLogContract;
import dev.loupe.core.store.MetadataStore;

/** The PredictionLog contract on a real PostgreSQL server; a new database per test. */
class PostgresPredictionLogTest extends PredictionLogContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
