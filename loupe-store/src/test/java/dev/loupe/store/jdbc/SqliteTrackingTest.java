package dev.loupe.store.jdbc;

import dev.loupe.core.tracking.TrackingStoreContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteTrackingTest extends TrackingStoreContract {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return new SqliteMetadataStore(dir.resolve("loupe.db"));
    }
}
