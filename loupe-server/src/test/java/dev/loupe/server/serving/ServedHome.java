package dev.loupe.server.serving;

import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.server.LoupeServer;
import dev.loupe.store.jdbc.SqliteMetadataStore;

import java.nio.file.Path;

/**
 * A home as {@code loupe server} opens it (SQLite metadata, file blobs) in a test's directory, and at most one
 * server on it; {@link #close()} stops the server, if still running, then closes the stores.
 */
final class ServedHome implements AutoCloseable {
    final SqliteMetadataStore store;
    final FileBlobStore blobs;
    private LoupeServer server;

    ServedHome(Path dir) throws java.io.IOException {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
    }

    /** Registers the next version of {@code name}, as {@link ServingFixture#register} does; returns its number. */
    int register(String name, double threshold) {
        return ServingFixture.register(store, blobs, name, threshold);
    }

    /** Points {@code alias} of {@code name} at {@code version}. */
    void alias(String name, String alias, int version) {
        store.registry().setAlias("test", name, alias, version, null);
    }

    /** Starts the server on this home. */
    LoupeServer start(ServingConfig config) {
        if (server != null) {
            throw new IllegalStateException("a server already runs on this home");
        }
        server = ServingFixture.start(store, blobs, config);
        return server;
    }

    /** Stops the server (answers in flight first); a second call does nothing. */
    void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void close() {
        try {
            stopServer();
        } finally {
            blobs.close();
            store.close();
        }
    }
}
