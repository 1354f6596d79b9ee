package dev.loupe.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.loupe.core.store.StoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The embedded default: one SQLite file. WAL journal (readers never block the writer), a busy timeout
 * instead of immediate "database is locked" errors, and write transactions that take the write lock
 * when they begin ({@code BEGIN IMMEDIATE}), so two writers queue instead of deadlocking.
 */
public final class SqliteMetadataStore extends JdbcMetadataStore {
    /** The migrations' placeholders for this database's types. */
    static final Map<String, String> PLACEHOLDERS = Map.of(
            "id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT",
            "blob", "BLOB",
            "double", "REAL");

    public SqliteMetadataStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public SqliteMetadataStore(Path file, Clock clock) {
        super(pool(file), "sqlite", "jdbc:sqlite:" + file.toAbsolutePath(), PLACEHOLDERS, clock);
    }

    @Override
    public String backend() {
        return "sqlite";
    }

    /** The database file named by a {@code jdbc:sqlite:} URL. */
    public static Path fileOf(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        return Path.of(q < 0 ? rest : rest.substring(0, q));
    }

    private static HikariConfig pool(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory for " + abs + ": " + e.getMessage(), e);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout(30_000);
        cfg.enforceForeignKeys(true);
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + abs);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(ds);
        pool.setMaximumPoolSize(4);
        pool.setConnectionTimeout(30_000);
        return pool;
    }
}
