package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.LoggedImagesContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The PackedImages contract on SQLite, a new database file per test. */
class SqlitePackedImagesTest extends LoggedImagesContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
