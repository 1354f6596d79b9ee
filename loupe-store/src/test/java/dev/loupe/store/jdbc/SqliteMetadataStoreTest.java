package dev.loupe.store.jdbc;

import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.MetadataStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata contract on SQLite, a new database file per test. */
class SqliteMetadataStoreTest extends MetadataStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }

    @Test
    void reopen_keepsDataAndDoesNotMigrateAgain() {
        store.audit().append(new AuditEntry.Change("alice", "model", "m1", "create", null, null, null));
        int migrations = store.schema().applied().size();
        store.close();
        try (SqliteMetadataStore reopened = new SqliteMetadataStore(dir.resolve("loupe.db"))) {
            assertThat(reopened.schema().applied()).hasSize(migrations);
            assertThat(reopened.schema().pending()).isEmpty();
            assertThat(reopened.audit().forEntity("model", "m1")).hasSize(1);
        }
        store = newStore(); // the contract's @AfterEach closes it
    }

    @Test
    void fileOf_stripsUrlParameters() {
        assertThat(SqliteMetadataStore.fileOf("jdbc:sqlite:/var/loupe/loupe.db?journal_mode=WAL"))
                .isEqualTo(Path.of("/var/loupe/loupe.db"));
    }
}
