package dev.loupe.store.jdbc;

import dev.loupe.core.tracking.TrackingStoreContract;
import dev.loupe.core.store.MetadataStore;

/** The TrackingStore contract on a real PostgreSQL server; one server for the class, a new database per test. */
class PostgresTrackingTest extends TrackingStoreContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
