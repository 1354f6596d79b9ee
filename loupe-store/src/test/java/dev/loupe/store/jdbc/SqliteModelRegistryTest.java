package dev.loupe.store.jdbc;

import dev.loupe.core.registry.ModelRegistryContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteModelRegistryTest extends ModelRegistryContract {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
