package dev.loupe.store.jdbc;

import dev.loupe.core.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A thin layer over JDBC that every repository uses: parameter binding, row mapping, transactions.
 * SQL errors become {@link StoreException} naming the statement's purpose. Thread-safe.
 */
public final class Jdbc {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final String backend;

    public Jdbc(DataSource dataSource, String backend) {
        this.dataSource = dataSource;
        this.backend = backend;
    }

    /** {@code sqlite} or {@code postgresql}, for the few statements that differ. */
    public String backend() {
        return backend;
    }

    /** Runs the work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(backend + ": " + e.getMessage(), e);
        }
    }

    public int update(String sql, Object... args) {
        return inTransaction(c -> update(c, sql, args));
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, mapper, args);
        } catch (SQLException e) {
            throw new StoreException(backend + ": " + e.getMessage(), e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Executes an insert and returns the generated key (an auto-increment id). */
    /**
     * Whether a failed write broke a unique constraint (SQLSTATE 23505): on PostgreSQL, two writers that both
     * checked a name was free and both inserted it; the loser reports what already exists.
     */
    static boolean uniqueViolation(RuntimeException e) {
        return e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
    }

    public static long insertReturningKey(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key for: " + sql);
                }
                return keys.getLong(1);
            }
        }
    }

    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    /** Most parameters of one {@code IN (...)} list: SQLite allows 32,766 per statement, the PostgreSQL driver 65,535. */
    static final int IN_LIST = 500;

    /** {@code n} parameter marks for an {@code IN (...)} list: {@code ?, ?, ?}. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** The values in runs of at most {@link #IN_LIST}, one {@code IN (...)} list each. */
    static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i += IN_LIST) {
            out.add(values.subList(i, Math.min(values.size(), i + IN_LIST)));
        }
        return out;
    }

    /** Binds arguments; {@link Instant}s are stored as epoch milliseconds. */
    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case Instant t -> ps.setLong(i + 1, t.toEpochMilli());
                case Boolean b -> ps.setInt(i + 1, b ? 1 : 0);
                case Enum<?> e -> ps.setString(i + 1, e.name());
                default -> ps.setObject(i + 1, a);
            }
        }
    }

    /** Reads an epoch-millisecond column as an {@link Instant}; null stays null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
