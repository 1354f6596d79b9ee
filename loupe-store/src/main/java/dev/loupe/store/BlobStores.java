package dev.loupe.store;

import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.StoreException;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.store.s3.S3BlobStore;
import dev.loupe.store.s3.S3Connection;
import dev.loupe.store.s3.S3Location;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Opens the blob store a configuration names, by URL scheme. For the wiring code of each binary. */
public final class BlobStores {
    private BlobStores() {
    }

    /**
     * A directory, {@code file:DIR} or {@code s3://BUCKET/PREFIX} (reached with the {@code s3.*} settings).
     *
     * @throws StoreException with a one-line reason when the store cannot be opened
     */
    public static BlobStore open(LoupeConfig config) {
        String url = config.storeUrl();
        if (url.startsWith("s3://")) {
            return S3BlobStore.open(S3Location.parse(url), S3Connection.from(config));
        }
        try {
            if (url.startsWith("file:")) {
                return new FileBlobStore(Path.of(URI.create(url)));
            }
            if (!url.contains("://")) {
                return new FileBlobStore(Path.of(url));
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the blob store at " + url + ": " + e.getMessage(), e);
        }
        throw new StoreException("unsupported blob store URL " + url + " (expected a directory, file:DIR or s3://BUCKET/PREFIX)");
    }
}
