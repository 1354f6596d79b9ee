package dev.loupe.store.jdbc;

import dev.loupe.core.tracking.TrackingStoreContract;
import dev.loupe.core.store.MetadataStore;

class PostgresTrackingTest extends TrackingStoreContract {
    @Override
    protected MetadataStore newStore() {
        return TestPostgres.freshStore();
    }
}
