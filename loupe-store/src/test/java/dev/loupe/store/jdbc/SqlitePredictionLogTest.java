package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.PredictionLogContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The PredictionLog contract on SQLite, a new database file per test. */
class SqlitePredictionLogTest extends PredictionLogContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
