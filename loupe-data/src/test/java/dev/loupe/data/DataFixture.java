package dev.loupe.data;

import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.store.jdbc.SqliteMetadataStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A fresh SQLite metadata store and file blob store in a directory, with an importer; close after use. */
public final class DataFixture implements AutoCloseable {
    public final SqliteMetadataStore metadata;
    public final BlobStore blobs;
    public final DatasetImporter importer;

    public DataFixture(Path dir) throws IOException {
        metadata = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
        importer = new DatasetImporter(metadata.datasets(), blobs,
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), "tester", 2);
    }

    @Override
    public void close() {
        blobs.close();
        metadata.close();
    }
}
