package dev.loupe.store.jdbc;

import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.AuditLog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@link AuditLog} over the {@code audit_log} table; the database assigns the sequence. */
final class JdbcAuditLog implements AuditLog {
    private static final String COLUMNS = "seq, at_ms, actor, entity_type, entity_id, action, before_value, after_value, reason";

    private final Jdbc jdbc;
    private final Clock clock;

    JdbcAuditLog(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public AuditEntry append(AuditEntry.Change change) {
        Instant at = Instant.ofEpochMilli(clock.millis());
        return jdbc.inTransaction(c -> append(c, at, change));
    }

    /** Appends inside the caller's transaction, so a change and its audit entry commit together. */
    static AuditEntry append(Connection c, Instant at, AuditEntry.Change change) throws SQLException {
        long seq = Jdbc.insertReturningKey(c,
                "INSERT INTO audit_log (at_ms, actor, entity_type, entity_id, action, before_value, after_value, reason)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                at, change.actor(), change.entityType(), change.entityId(), change.action(),
                change.before(), change.after(), change.reason());
        return new AuditEntry(seq, at, change);
    }

    @Override
    public List<AuditEntry> forEntity(String entityType, String entityId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY seq",
                JdbcAuditLog::map, entityType, entityId);
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT ?", JdbcAuditLog::map, limit);
    }

    static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), Jdbc.instant(rs, "at_ms"), new AuditEntry.Change(
                rs.getString("actor"), rs.getString("entity_type"), rs.getString("entity_id"), rs.getString("action"),
                rs.getString("before_value"), rs.getString("after_value"), rs.getString("reason")));
    }
}
