package dev.loupe.store.jdbc;

import dev.loupe.core.pipeline.PipelineRepositoryContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The PipelineRepository contract on SQLite, a new database file per test. */
class SqlitePipelineRepositoryTest extends PipelineRepositoryContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
