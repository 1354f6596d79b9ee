package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.MonitoringRepositoryContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The MonitoringRepository contract on SQLite, a new database file per test. */
class SqliteMonitoringRepositoryTest extends MonitoringRepositoryContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
