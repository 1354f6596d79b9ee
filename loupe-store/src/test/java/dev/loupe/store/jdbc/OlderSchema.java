package dev.loupe.store.jdbc;

import dev.loupe.core.store.MetadataStore;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A database migrated only up to an older schema version, as a server of that version left it: a migration test
 * writes rows the old way through {@link #sql}, then {@link #open}s the store, which migrates it to the current
 * schema, and checks what became of them. On SQLite (a file) or the shared PostgreSQL test server.
 */
record OlderSchema(String url, String user, Supplier<MetadataStore> opener) {

    static OlderSchema sqlite(Path dir, String version) {
        Path file = dir.resolve("loupe.db");
        return migrated(new OlderSchema("jdbc:sqlite:" + file, null, () -> new SqliteMetadataStore(file)),
                SqliteMetadataStore.PLACEHOLDERS, version);
    }

    static OlderSchema postgres(String version) throws Exception {
        PostgresTestServer server = PostgresTestServer.shared();
        String url = server.newDatabase();
        return migrated(new OlderSchema(url, server.user(), () -> new PostgresMetadataStore(url, server.user(), null)),
                PostgresMetadataStore.PLACEHOLDERS, version);
    }

    private static OlderSchema migrated(OlderSchema db, Map<String, String> placeholders, String version) {
        Flyway.configure().dataSource(db.url, db.user, null).locations("classpath:db/migration").placeholders(placeholders)
                .target(version).load().migrate();
        return db;
    }

    /** Runs the statements on the old schema, as the old server would have written its rows. */
    void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, null); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** The store on this database: opening it applies every migration after the old version. */
    MetadataStore open() {
        return opener.get();
    }
}
