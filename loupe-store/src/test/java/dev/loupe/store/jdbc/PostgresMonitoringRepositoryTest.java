package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.MonitoringRepositoryContract;
import dev.loupe.core.store.MetadataStore;

/** The MonitoringRepository contract on a real PostgreSQL server; a new database per test. */
class PostgresMonitoringRepositoryTest extends MonitoringRepositoryContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
