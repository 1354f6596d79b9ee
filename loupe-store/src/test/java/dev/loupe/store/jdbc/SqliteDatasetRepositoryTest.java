package dev.loupe.store.jdbc;

import dev.loupe.core.dataset.DatasetRepositoryContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The dataset repository contract on SQLite, a new database file per test. */
class SqliteDatasetRepositoryTest extends DatasetRepositoryContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
