package dev.loupe.server;

import dev.loupe.core.store.MetadataStore;
import dev.loupe.store.jdbc.SqliteMetadataStore;

import java.nio.file.Path;

/** A real server on 127.0.0.1 and a free port, over a fresh SQLite store in a directory. Close after use. */
public final class RunningServer implements AutoCloseable {
    public final MetadataStore store;
    public final LoupeServer server;

    public RunningServer(Path dir) {
        this.store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        this.server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store);
    }

    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
