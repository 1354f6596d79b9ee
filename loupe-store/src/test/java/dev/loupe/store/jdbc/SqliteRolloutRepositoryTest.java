package dev.loupe.store.jdbc;

import dev.loupe.core.rollout.RolloutRepositoryContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The RolloutRepository contract on SQLite, a new database file per test. */
class SqliteRolloutRepositoryTest extends RolloutRepositoryContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
