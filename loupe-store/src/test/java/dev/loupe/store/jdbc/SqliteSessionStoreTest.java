package dev.loupe.store.jdbc;

import dev.loupe.core.auth.SessionStoreContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The SessionStore contract on SQLite, a new database file per test. */
class SqliteSessionStoreTest extends SessionStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
