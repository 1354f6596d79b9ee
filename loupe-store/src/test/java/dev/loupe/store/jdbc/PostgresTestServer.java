package dev.loupe.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, from embedded binaries, listening on 127.0.0.1 on a free port.
 * Start one per test class, or use the {@link #shared() shared} one, and take a {@link #newDatabase() fresh
 * database} per test. Close stops it.
 */
public final class PostgresTestServer implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresTestServer shared;

    private final EmbeddedPostgres postgres;

    private PostgresTestServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresTestServer start() throws IOException {
        return new PostgresTestServer(EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .start());
    }

    /**
     * One server for every test class in this JVM that needs no server of its own (the store contracts), started
     * on first use and stopped when the JVM exits; each test still takes a {@link #newStore() fresh database}.
     * Ten contract classes starting ten servers cost the build a server start-up each.
     */
    public static synchronized PostgresTestServer shared() throws IOException {
        if (shared == null) {
            PostgresTestServer s = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (IOException e) {
                    System.err.println("stopping the shared test PostgreSQL: " + e);
                }
            }, "postgres-test-server-stop"));
            shared = s;
        }
        return shared;
    }

    /** A metadata store over a {@link #newDatabase() new, empty database}. */
    public PostgresMetadataStore newStore() throws SQLException {
        return new PostgresMetadataStore(newDatabase(), user(), null);
    }

    /** Creates an empty database and returns its JDBC URL; connect as {@link #user()} with no password. */
    public String newDatabase() throws SQLException {
        String name = "loupe_test_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
