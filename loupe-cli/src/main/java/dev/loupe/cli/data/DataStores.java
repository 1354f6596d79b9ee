package dev.loupe.cli.data;

import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.data.version.DatasetCatalog;
import dev.loupe.data.version.UnknownDatasetException;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.MetadataStores;

/** The metadata and blob stores a data command works on, opened from the configuration; closing closes both. */
record DataStores(MetadataStore metadata, BlobStore blobs) implements AutoCloseable {

    static DataStores open(LoupeConfig config) {
        MetadataStore metadata = MetadataStores.open(config);
        try {
            return new DataStores(metadata, BlobStores.open(config));
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
    }

    DatasetCatalog catalog() {
        return new DatasetCatalog(metadata.datasets(), blobs);
    }

    /** The version a reference names, or a one-line user error (exit 1). */
    DatasetVersion resolve(String ref) {
        try {
            return catalog().resolve(ref);
        } catch (UnknownDatasetException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            blobs.close();
        } finally {
            metadata.close();
        }
    }
}
